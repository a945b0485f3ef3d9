// From the fuzzer's minimal case to what it hands back: a scenario file that
// `locksim check` reproduces, and its trace. The scenario checks only the
// property that broke, and its explore section is one that `check` was seen
// to reproduce the violation with: exhaustive search when the state space
// is small enough (which also gives the shortest trace, usually shorter than
// the fuzzed run), else random mode.

import { buildTrace } from '../trace/buildTrace.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { prepare } from '../engine/prepare.ts';
import { explore } from '../explore/explore.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { ExploreSpec, Scenario } from '../scenario/scenario.ts';
import type { FuzzFound } from './fuzzScenario.ts';

/** States the exhaustive search of a minimal scenario may store: a few seconds at most. */
export const minimalStatesMax = 300_000;
/** Runs of the random-mode fallback. */
export const minimalRandomRuns = 20_000;

export type Reproduction = {
  scenario: Scenario;
  trace: TraceFile;
  /** How `locksim check` finds it: a shortest counterexample, a random run, or (neither worked) only by replaying the trace. */
  foundBy: 'exhaustive' | 'random' | 'replay only';
};

export function minimalReproduction(found: FuzzFound, name: string, scenarioFile: string): Reproduction {
  const fuzzed = found.fuzzCase.scenario;
  const withExplore = (explore: Partial<ExploreSpec>): Scenario => {
    const { scheduler: _scheduler, pctDepth: _pctDepth, ...kept } = fuzzed.explore;
    // Through the loader, so that the scenario is exactly what the written file will load as.
    return parseScenario({ ...fuzzed, name, properties: [found.property], expect: 'violation', explore: { ...kept, ...explore } }, scenarioFile);
  };

  for (const scenario of [
    withExplore({ mode: 'exhaustive', maxStates: minimalStatesMax }),
    withExplore({ mode: 'random', runs: minimalRandomRuns }),
  ]) {
    const { result, trace } = explore(prepare(scenario), scenarioFile);
    if (trace !== null && result.counterexample?.property === found.property) {
      return { scenario, trace, foundBy: scenario.explore.mode };
    }
  }

  // Neither search found it again within bounds: the fuzzed run's own answers still replay.
  const scenario = withExplore({ mode: 'exhaustive', maxStates: minimalStatesMax });
  const { sim, properties } = prepare(scenario);
  const trace = buildTrace(sim, properties, found.answers, found.steps, { scenarioFile, mode: 'random', seed: null, run: null });
  return { scenario, trace, foundBy: 'replay only' };
}
