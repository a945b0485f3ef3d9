import { describe, expect, test } from 'vitest';
import { exclusiveExcludesSync, mutualExclusion } from '../../../model/properties.ts';
import { pendingLock } from '../../../model/protocols/pendingLock.ts';
import { prepare, protocolOf } from '../../../sim/engine/prepare.ts';
import { pendingLockScenario, safe } from '../../fixtures/scenarios.ts';

describe('prepare', () => {
  test("gives a simulator for the scenario's protocol and its properties, in the scenario's order", () => {
    const scenario = pendingLockScenario('prepare', safe.serverStrong);
    const { sim, properties } = prepare({ ...scenario, properties: ['exclusiveExcludesSync', 'mutualExclusion'] });
    expect(sim.protocol).toBe(pendingLock);
    expect(sim.scenario.name).toBe('prepare');
    expect(sim.clientIds).toStrictEqual(['A', 'B']);
    expect(properties).toStrictEqual([exclusiveExcludesSync, mutualExclusion]);
    expect(protocolOf(scenario)).toBe(pendingLock);
  });

  test('hands each client its id, role, writes and the options with defaults filled', () => {
    const scenario = pendingLockScenario('prepare', safe.postThenCheckSyncer);
    const { sim } = prepare(scenario);
    expect(sim.contexts.map((context) => [context.id, context.role, context.writes])).toStrictEqual([
      ['A', 'upgrader', 1],
      ['S', 'syncer', 1],
    ]);
    expect(sim.contexts[1]!.options).toMatchObject({ syncerOrder: 'post-then-check', timestamp: 'client', attempts: 1 });
  });

  test('a property name that slipped past validation is an internal error', () => {
    const scenario = pendingLockScenario('prepare', safe.serverStrong);
    expect(() => prepare({ ...scenario, properties: ['liveness'] })).toThrow('prepare: unknown property liveness passed validation');
  });
});
