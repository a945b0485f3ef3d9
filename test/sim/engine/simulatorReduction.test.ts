// The simulator's partial-order reduction must not change a verdict: the
// same search with the reduction switched off (every ordering of the events
// due at a tick explored) finds a violation exactly when the reduced one does.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Effect, Protocol, SafetyProperty } from '../../../model/index.ts';
import { exclusiveExcludesSync, fencedWrites, mutualExclusion } from '../../../model/properties.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import type { ExploreResult } from '../../../sim/explore/exploreResult.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { smallScenario } from '../../fixtures/arbitraries.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';

const limits = { maxStates: 8_000, maxDepth: 120 };

/** Exhaustive search with the reduction on (as shipped) and off. */
function bothWays(scenario: Scenario, protocol: Protocol, properties: readonly SafetyProperty[]): { reduced: ExploreResult; full: ExploreResult } {
  const reducedSim = new Simulator(scenario, protocol);
  const fullSim = new Simulator(scenario, protocol, { reduce: false });
  expect(fullSim.reduces).toBe(false);
  return { reduced: exploreExhaustive(reducedSim, properties, limits), full: exploreExhaustive(fullSim, properties, limits) };
}

const enter: Effect = { kind: 'enter', section: 'exclusive' };
const exit: Effect = { kind: 'exit', section: 'exclusive' };
const write: Effect = { kind: 'write' };

describe('partial-order reduction keeps verdicts', () => {
  test('switching it off really explores more orderings (the comparison compares something)', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }, { id: 'B' }] });
    const protocol = scriptProtocol({ A: [{ kind: 'put', name: 'a', body: 1 }], B: [{ kind: 'put', name: 'b', body: 1 }] }, { log: false });
    const { reduced, full } = bothWays(scenario, protocol, []);
    expect(reduced.stats.states).toBe(7);
    expect(full.stats.states).toBeGreaterThan(reduced.stats.states);
  });

  test("a data write committed in the tick another client enters exclusive: both orders are explored (fencedWrites)", () => {
    // B enters exclusive at t0 and sends a data write, which commits at t1.
    // A enters exclusive at t1, superseding B. If A's entry runs first, B's
    // write is accepted from a superseded holder: a fencedWrites violation.
    // Regression: the write's commit was run first and alone, as if it
    // commuted with A's entry, so that order was never explored.
    const scenario = testScenario({ clients: [{ id: 'A', start: [1, 1] }, { id: 'B' }], properties: ['fencedWrites'] });
    const protocol = scriptProtocol({ A: [enter, exit], B: [enter, write, exit] }, { log: false });
    const { reduced, full } = bothWays(scenario, protocol, [fencedWrites]);
    expect(full.verdict).toBe('violation');
    expect(reduced.verdict).toBe('violation');
    expect(reduced.counterexample!.message).toBe(full.counterexample!.message);
  });

  test('the same when the entry only becomes due within the tick, after another critical-section step', () => {
    // A leaves sync at t1 and, in the same tick, enters exclusive.
    const scenario = testScenario({ clients: [{ id: 'A', start: [1, 1] }, { id: 'B' }], properties: ['fencedWrites'] });
    const protocol = scriptProtocol({ A: [{ kind: 'enter', section: 'sync' }, { kind: 'exit', section: 'sync' }, enter, exit], B: [enter, write, exit] }, { log: false });
    const { reduced, full } = bothWays(scenario, protocol, [fencedWrites]);
    expect(full.verdict).toBe('violation');
    expect(reduced.verdict).toBe('violation');
  });

  // Random well-formed scripts: requests, waits and critical sections with
  // requests and data writes inside, for two clients on a small store.
  const request = fc.oneof(
    fc.constantFrom('f', 'g').map((name): Effect => ({ kind: 'put', name, body: name })),
    fc.constantFrom('f', 'g').map((name): Effect => ({ kind: 'delete', name })),
    fc.constant<Effect>({ kind: 'list', prefix: '' }),
    fc.constant<Effect>(write),
    fc.integer({ min: 1, max: 2 }).map((ticks): Effect => ({ kind: 'wait', ticks })),
  );
  const block = fc.oneof(
    request.map((effect) => [effect]),
    fc.tuple(fc.constantFrom('exclusive', 'sync'), fc.array(request, { maxLength: 2 })).map(([section, inner]): Effect[] => [
      { kind: 'enter', section },
      ...inner,
      { kind: 'exit', section },
    ]),
  );
  const script = fc.array(block, { minLength: 1, maxLength: 3 }).map((blocks) => blocks.flat());

  const faults = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ pauses: 0, pause: [1, 1] as const, crashes: 0 }) },
    { weight: 1, arbitrary: fc.record({ pauses: fc.nat(1), pause: fc.constantFrom([1, 1] as const, [1, 2] as const), crashes: fc.nat(1) }) },
  );

  test.prop([script, script, fc.nat(1), fc.nat(2), fc.nat(1), faults], { numRuns: 150 })(
    'random scripts, sometimes with pauses and crashes: for each property, the reduced search finds a violation exactly when the full one does',
    (first, second, startB, lag, latencyExtra, faultBudget) => {
      const scenario = {
        ...testScenario({
          clients: [{ id: 'A' }, { id: 'B', start: [0, startB] }],
          store: { latency: [1, 1 + latencyExtra], listLag: [0, lag] },
        }),
        faults: faultBudget,
      };
      const protocol = scriptProtocol({ A: first, B: second }, { log: false });
      for (const property of [mutualExclusion, exclusiveExcludesSync, fencedWrites]) {
        const { reduced, full } = bothWays(scenario, protocol, [property]);
        if (reduced.verdict === 'incomplete' || full.verdict === 'incomplete') continue;
        expect(reduced.verdict, property.name).toBe(full.verdict);
      }
    },
  );

  test.prop([smallScenario({ clientsMax: 2, zeroLatency: false, faults: true })], { numRuns: 16 })(
    'pending-lock scenarios, with pauses and crashes: the reduced search finds a violation exactly when the full one does',
    (scenario) => {
      const protocol = prepare(scenario).sim.protocol;
      for (const property of [mutualExclusion, exclusiveExcludesSync, fencedWrites]) {
        const { reduced, full } = bothWays(scenario, protocol, [property]);
        if (reduced.verdict === 'incomplete' || full.verdict === 'incomplete') continue;
        expect(reduced.verdict, property.name).toBe(full.verdict);
      }
    },
  );
});
