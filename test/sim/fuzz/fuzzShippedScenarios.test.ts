// Law (e) of the fuzzer: fuzzing each shipped unsafe scenario finds its
// violation, and shrinks it to no more clients than the hand-written case.
// A violation that needs more states than any fuzz case may search, and that
// as many random runs as cases miss, is out of the fuzzer's reach (it is
// `check`'s); the test then checks that it really is, and passes.

import { readdirSync } from 'node:fs';
import { findLivenessProperty } from '../../../model/index.ts';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import { exploreRandom } from '../../../sim/explore/random.ts';
import { searchBounds } from '../../../sim/fuzz/fuzzCaseArbitrary.ts';
import { fuzzScenario } from '../../../sim/fuzz/fuzzScenario.ts';
import { minimalReproduction } from '../../../sim/fuzz/minimalReproduction.ts';
import { loadScenario, parseScenario, type Scenario } from '../../../sim/scenario/index.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import { pendingLockScenario, violating } from '../../fixtures/scenarios.ts';

/** The shipped scenarios that expect a violation, and the hand-written unsafe fixtures. */
function unsafeCases(): { name: string; scenario: Scenario }[] {
  const dir = 'scenarios';
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)).sort();
  } catch {
    files = [];
  }
  const shipped = files.map((file) => ({ name: file, scenario: loadScenario(join(dir, file)) })).filter((entry) => entry.scenario.expect === 'violation')
    // Fuzzing checks safety; liveness scenarios (a lasso, not a bad state) are checked exhaustively only.
    .filter((entry) => entry.scenario.properties.every((name) => findLivenessProperty(name) === undefined));
  const fixtures = Object.entries(violating).map(([name, fixture]) => ({ name: `fixture ${name}`, scenario: pendingLockScenario(name, fixture.body) }));
  return [...shipped, ...fixtures];
}

/** The largest search a single fuzz case may make. */
const caseSearchMax = Math.max(...searchBounds.map((bound) => bound.states));
const fuzzRuns = 600;

describe('(e) fuzzing each shipped unsafe scenario', () => {
  test.each(unsafeCases().map((entry) => [entry.name, entry.scenario] as const))(
    `%s: finds its violation (when a ${caseSearchMax}-state search or ${fuzzRuns} random runs can) and shrinks it to no more clients than the hand-written case`,
    (_name, scenario) => {
      const clients = scenario.clients.length;
      // Its own fuzz section, else one client more than it has, so that there is something to shrink.
      const baseScenario = scenario.fuzz !== undefined ? scenario : parseScenario({ ...scenario, fuzz: { clients: [1, Math.min(26, clients + 1)] } }, 'unsafe.yaml');
      const result = fuzzScenario(baseScenario, baseScenario.fuzz!, { seed: '1', path: null, budget: { runs: fuzzRuns, timeMs: null }, shrinkRunsMax: 300 });
      if (result.found === null) {
        // Out of the fuzzer's reach only if it is out of reach of both of the searches it makes: the scenario's
        // whole state space is bigger than any case's search, and random runs as many as the cases miss it.
        const { sim, properties } = prepare(scenario);
        expect(exploreExhaustive(sim, properties, { maxStates: caseSearchMax, maxDepth: scenario.explore.maxDepth }).verdict).toBe('incomplete');
        expect(exploreRandom(sim, properties, { runs: fuzzRuns, maxDepth: scenario.explore.maxDepth, seed: '1' }).verdict).toBe('incomplete');
        return;
      }
      const found = result.found;
      expect(scenario.properties).toContain(found.property);
      const reproduction = minimalReproduction(found, baseScenario, baseScenario.fuzz!, 'minimal', 'minimal.yaml');
      expect(reproduction.scenario.clients.length).toBeLessThanOrEqual(clients);
      expect(replayTrace(reproduction.trace).same).toBe(true);
    },
  );
});
