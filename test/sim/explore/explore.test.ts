// explore(): the one entry to both explorers. Determinism, the agreement of
// random and exhaustive search, and the shortest-counterexample property.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { runSeed } from '../../../sim/engine/randomChooser.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { exploreRandom, randomRun } from '../../../sim/explore/random.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { smallScenario } from '../../fixtures/arbitraries.ts';
import { pendingLockScenario, safe, violating } from '../../fixtures/scenarios.ts';

const modes = ['exhaustive', 'random'] as const;

function fixture(name: keyof typeof violating, mode: 'exhaustive' | 'random', seed = '1'): Scenario {
  return pendingLockScenario(name, violating[name].body, `mode: ${mode}, runs: 5000, maxStates: 200000, seed: ${seed}`);
}

describe('explore: determinism', () => {
  test.each(modes)('%s: the same scenario and seed give byte-identical results and traces, from fresh simulators', (mode) => {
    for (const name of ['checkThenPostSyncer', 'listLag'] as const) {
      const scenario = fixture(name, mode, '5');
      const first = explore(prepare(scenario), 'scenarios/x.yaml');
      const second = explore(prepare(structuredClone(scenario)), 'scenarios/x.yaml');
      expect(first.trace).not.toBeNull();
      expect(JSON.stringify(second.result)).toBe(JSON.stringify(first.result));
      expect(JSON.stringify(second.trace)).toBe(JSON.stringify(first.trace));
    }
  });

  test('a simulator that explored another scenario first still gives the same trace (no state leaks between runs)', () => {
    const scenario = fixture('listLag', 'random');
    const fresh = explore(prepare(scenario), null);
    const used = prepare(scenario);
    explore(used, null);
    explore(used, null);
    expect(JSON.stringify(explore(used, null).trace)).toBe(JSON.stringify(fresh.trace));
  });

  test('random mode: the trace records the seed and run; exhaustive mode records neither', () => {
    const random = explore(prepare(fixture('listLag', 'random', '9')), 'x.yaml');
    expect(random.trace).toMatchObject({ mode: 'random', seed: '9', run: random.result.counterexample!.run, scenarioFile: 'x.yaml' });
    const exhaustive = explore(prepare(fixture('listLag', 'exhaustive')), null);
    expect(exhaustive.trace).toMatchObject({ mode: 'exhaustive', seed: null, run: null, scenarioFile: null });
  });

  test('the trace breaks the property the search found, at its last step', () => {
    for (const mode of modes) {
      const { result, trace } = explore(prepare(fixture('checkThenPostSyncer', mode)), null);
      expect(trace!.violation.property).toBe(result.counterexample!.property);
      expect(trace!.violation.message).toBe(result.counterexample!.message);
      expect(trace!.steps).toHaveLength(result.counterexample!.steps + 1);
      expect(trace!.choices).toStrictEqual(result.counterexample!.answers);
    }
  });

  test('no violation: no trace', () => {
    const { result, trace } = explore(prepare(pendingLockScenario('serverStrong', safe.serverStrong)), null);
    expect(result.verdict).toBe('safe');
    expect(trace).toBeNull();
  });
});

describe('the shortest-counterexample property', () => {
  test.each(Object.keys(violating) as (keyof typeof violating)[])(
    '%s: no random run violates in fewer steps than the exhaustive counterexample, and some run finds one',
    (name) => {
      const { sim, properties } = prepare(fixture(name, 'exhaustive'));
      const shortest = exploreExhaustive(sim, properties, { maxStates: 200_000, maxDepth: 300 }).counterexample!.steps;
      const lengths: number[] = [];
      for (let run = 0; run < 3000 && lengths.length < 20; run += 1) {
        const outcome = randomRun(sim, properties, runSeed('shortest', run), 300, sim.clientIds.map(() => false));
        if (outcome.violation !== null) lengths.push(outcome.steps);
      }
      expect(lengths.length).toBeGreaterThan(0);
      expect(Math.min(...lengths)).toBeGreaterThanOrEqual(shortest);
    },
  );

  test('exhaustive finds the shortest counterexample known by hand: the list-lag race in 22 steps', () => {
    // Each upgrader makes five requests before it can enter (list, put
    // PENDING, poll, list PENDING locks, put EXCLUSIVE), each a step and a
    // commit: 10 events, 20 for both (t=0..9, in lockstep). At t=10 one
    // enters (1); its next step, a data write, is free and so waits while
    // the other's enter is due; then the other enters (1): 22, as the
    // reference checker finds.
    // Nothing can be skipped, and a search bounded at 21 steps finds no violation.
    const { sim, properties } = prepare(fixture('listLag', 'exhaustive'));
    const result = exploreExhaustive(sim, properties, { maxStates: 200_000, maxDepth: 300 });
    expect(result.counterexample!.steps).toBe(22);
    expect(exploreExhaustive(sim, properties, { maxStates: 200_000, maxDepth: 21 }).verdict).toBe('incomplete');
  });
});

describe('random and exhaustive agree', () => {
  test.each(Object.keys(violating) as (keyof typeof violating)[])('%s: random mode finds a violation of the same property', (name) => {
    const { result } = explore(prepare(fixture(name, 'random')), null);
    expect(result.verdict).toBe('violation');
    expect(result.counterexample!.property).toBe(violating[name].property);
  });

  test.each(Object.entries(safe))('%s: exhaustive proves it safe, and random mode finds no violation', (name, body) => {
    const exhaustive = explore(prepare(pendingLockScenario(name, body)), null);
    expect(exhaustive.result.verdict).toBe('safe');
    const random = explore(prepare(pendingLockScenario(name, body, 'mode: random, runs: 400')), null);
    expect(random.result.verdict).toBe('incomplete');
  });

  let checked = 0;
  test.prop([smallScenario({ clientsMax: 2 }), fc.nat().map(String)], { numRuns: 40 })(
    'on random small scenarios: random finds no violation where exhaustive proves safety, and any violation it finds, exhaustive finds no longer',
    (scenario, seed) => {
      const { sim, properties } = prepare(scenario);
      const exhaustive = exploreExhaustive(sim, properties, { maxStates: 20_000, maxDepth: 80 });
      if (exhaustive.verdict === 'incomplete') return;
      checked += 1;
      const random = exploreRandom(sim, properties, { runs: 60, maxDepth: 80, seed });
      if (exhaustive.verdict === 'safe') expect(random.verdict).toBe('incomplete');
      if (random.verdict === 'violation') {
        expect(exhaustive.verdict).toBe('violation');
        expect(exhaustive.counterexample!.steps).toBeLessThanOrEqual(random.counterexample!.steps);
      }
    },
  );

  test('the property above checked most of its scenarios (it is not vacuous)', () => {
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});
