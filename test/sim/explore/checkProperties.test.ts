import { describe, expect, test } from 'vitest';
import { exclusiveExcludesSync, mutualExclusion, safetyProperties } from '../../../model/properties.ts';
import { ReplayChooser } from '../../../sim/engine/chooser.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import type { World } from '../../../sim/engine/world.ts';
import { firstViolation, markReached, sectionView } from '../../../sim/explore/checkProperties.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';

/** An initial world of three clients, with their sections set by hand. */
function worldIn(sections: (string | null)[]): World {
  const sim = new Simulator(testScenario({ clients: [{ id: 'A' }, { id: 'B' }, { id: 'C' }] }), scriptProtocol({ A: [], B: [], C: [] }));
  const world = sim.init(new ReplayChooser([0, 0, 0, 0, 0, 0]));
  return { ...world, clients: world.clients.map((slot, index) => ({ ...slot, section: sections[index]! })) };
}

const ids = ['A', 'B', 'C'];

describe('checkProperties', () => {
  test('sectionView lists each client with its section, in client order', () => {
    expect(sectionView(worldIn([null, 'sync', 'exclusive']), ids)).toStrictEqual([
      { id: 'A', section: null },
      { id: 'B', section: 'sync' },
      { id: 'C', section: 'exclusive' },
    ]);
  });

  test('firstViolation: the first broken property, in the order given', () => {
    const world = worldIn(['exclusive', 'exclusive', 'sync']);
    expect(firstViolation(world, ids, [mutualExclusion, exclusiveExcludesSync])).toStrictEqual({ property: 'mutualExclusion', message: 'A and B hold EXCLUSIVE at once' });
    expect(firstViolation(world, ids, [exclusiveExcludesSync, mutualExclusion])).toStrictEqual({ property: 'exclusiveExcludesSync', message: 'A holds EXCLUSIVE while C is syncing' });
  });

  test('firstViolation: null when every property holds, or none is checked', () => {
    expect(firstViolation(worldIn(['exclusive', null, null]), ids, safetyProperties)).toBeNull();
    expect(firstViolation(worldIn(['sync', 'sync', 'sync']), ids, safetyProperties)).toBeNull();
    expect(firstViolation(worldIn(['exclusive', 'exclusive', null]), ids, [])).toBeNull();
  });

  test('markReached only ever sets marks', () => {
    const reached = [false, true, false];
    markReached(worldIn([null, null, 'sync']), reached);
    expect(reached).toStrictEqual([false, true, true]);
  });
});
