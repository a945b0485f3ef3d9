// From the fuzzer's minimal case to what it hands back: a scenario file that
// `locksim check` reproduces, and its trace. The case is first shrunk again
// with the model checker as judge (see minimiseScenario.ts). The scenario checks only the
// property that broke, and its explore section is one that `check` was seen
// to reproduce the violation with: exhaustive search when the state space
// is small enough (which also gives the shortest trace, usually shorter than
// the fuzzed run), else random mode.

import { buildTrace } from '../trace/buildTrace.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { prepare } from '../engine/prepare.ts';
import { explore } from '../explore/explore.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { ExploreSpec, FuzzSpec, Scenario } from '../scenario/scenario.ts';
import type { FuzzFound } from './fuzzScenario.ts';
import { minimiseScenario } from './minimiseScenario.ts';
import { searchModeOf } from '../explore/boundedSearch.ts';

/** States the exhaustive search of a minimal scenario may store: a few seconds at most. */
export const minimalStatesMax = 300_000;
/** Runs of the random-mode fallback. */
export const minimalRandomRuns = 20_000;

export type Reproduction = {
  scenario: Scenario;
  trace: TraceFile;
  /** How `locksim check` finds it: a shortest counterexample, a random run, or (neither worked) only by replaying the trace. */
  foundBy: 'exhaustive' | 'random' | 'systematic' | 'replay only';
  /** What the model-checked shrinking pass removed or narrowed after fast-check's. */
  minimised: string[];
  /** Whether that pass stopped at its bound. */
  minimiseBounded: boolean;
};

export function minimalReproduction(found: FuzzFound, base: Scenario, spec: FuzzSpec, name: string, scenarioFile: string): Reproduction {
  const fuzzed = found.fuzzCase.scenario;
  const { scheduler: _scheduler, pctDepth: _pctDepth, ...kept } = fuzzed.explore;
  // Through the loader, so that the scenario is exactly what the written file will load as.
  const checked = (scenario: Scenario, explore: Partial<ExploreSpec>): Scenario =>
    parseScenario({ ...scenario, name, properties: [found.property], expect: 'violation', explore: { ...kept, ...explore } }, scenarioFile);

  const searchMode = searchModeOf(fuzzed);
  const minimised = minimiseScenario(checked(fuzzed, { mode: searchMode }), found.property, base, spec);
  const smallest = minimised.scenario;

  for (const scenario of [checked(smallest, { mode: searchMode, maxStates: minimalStatesMax }), checked(smallest, { mode: 'random', runs: minimalRandomRuns })]) {
    const { result, trace } = explore(prepare(scenario), scenarioFile);
    if (trace !== null && result.counterexample?.property === found.property) {
      return { scenario, trace, foundBy: scenario.explore.mode, minimised: minimised.steps, minimiseBounded: minimised.bounded };
    }
  }

  // Neither search found it again within bounds (so nothing was minimised either): the fuzzed run's own answers still replay.
  const scenario = checked(fuzzed, { mode: searchMode, maxStates: minimalStatesMax });
  const { sim, properties } = prepare(scenario);
  const trace = buildTrace(sim, properties, found.answers, found.steps, { scenarioFile, mode: 'random', seed: null, run: null });
  return { scenario, trace, foundBy: 'replay only', minimised: [], minimiseBounded: minimised.bounded };
}
