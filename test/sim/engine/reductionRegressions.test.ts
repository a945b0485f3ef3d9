// Bugs found in the partial-order reduction, each with the trace that showed
// it, kept as regression tests.

import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import { loadTrace } from '../../../sim/trace/loadTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';

describe('a data write commit does not commute with a due step that may enter exclusive', () => {
  // The reduction once ran A's data-write commit before B's due "enter
  // exclusive" step, always, so the order in which the store accepts a write
  // from a superseded holder was never explored: fencedWrites reported safe.
  const file = 'test/fixtures/regressions/por-fenced-writes.yaml';

  test('with and without reduction, the stale write is found', () => {
    const scenario = loadScenario(file);
    const { sim, properties } = prepare(scenario);
    expect(sim.reduces).toBe(true);
    const reduced = exploreExhaustive(sim, properties, { maxStates: 1_000_000, maxDepth: 300 });
    const full = exploreExhaustive(new Simulator(scenario, sim.protocol, { reduce: false }), properties, { maxStates: 1_000_000, maxDepth: 300 });
    expect(full.verdict).toBe('violation');
    expect(reduced.verdict).toBe('violation');
    expect(reduced.counterexample!.property).toBe('fencedWrites');
  });

  test('the saved trace still replays', () => {
    expect(replayTrace(loadTrace('test/fixtures/regressions/por-fenced-writes.trace.json')).same).toBe(true);
  });
});
