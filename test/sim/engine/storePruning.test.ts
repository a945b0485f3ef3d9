// Pruning (store.ts pruneFiles) must not change behaviour: the simulator is
// run twice on the same answers, once as shipped and once with pruning
// switched off, and every client must see and do exactly the same things.

import { fc, test } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import type { Effect, Protocol } from '../../../model/index.ts';
import { RecordingChooser, ReplayChooser } from '../../../sim/engine/chooser.ts';
import { prepare, protocolOf } from '../../../sim/engine/prepare.ts';
import { RandomChooser } from '../../../sim/engine/randomChooser.ts';
import { Simulator, type EventRecord } from '../../../sim/engine/simulator.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { smallScenario } from '../../fixtures/arbitraries.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';

const pruning = vi.hoisted(() => ({ on: true, calls: 0, dropped: 0 }));

vi.mock('../../../sim/engine/store.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../sim/engine/store.ts')>();
  return {
    ...actual,
    pruneFiles: (files: Parameters<typeof actual.pruneFiles>[0], now: number) => {
      pruning.calls += 1;
      if (!pruning.on) return files;
      const kept = actual.pruneFiles(files, now);
      pruning.dropped += files.length - kept.length;
      return kept;
    },
  };
});

type Observed = { events: Omit<EventRecord, 'answers'>[]; states: unknown[]; files: number };

/** Runs to the end (or `steps`), recording what each client saw and did. */
function observe(scenario: Scenario, protocol: Protocol, answers: number[] | null, seed: string, steps: number): { observed: Observed; answers: number[] } {
  const sim = new Simulator(scenario, protocol);
  const chooser = new RecordingChooser(answers === null ? new RandomChooser(seed) : new ReplayChooser(answers));
  let world = sim.init(chooser);
  const events: EventRecord[] = [];
  let files = 0;
  for (let step = 0; step < steps && !sim.isFinished(world); step += 1) {
    world = sim.step(world, chooser, events);
    files = Math.max(files, world.files.length);
  }
  return {
    observed: { events: events.map(({ answers: _answers, ...rest }) => rest), states: world.clients.map((slot) => slot.protocolState), files },
    answers: chooser.answers,
  };
}

function withPruning<T>(on: boolean, body: () => T): T {
  pruning.on = on;
  try {
    return body();
  } finally {
    pruning.on = true;
  }
}

describe('pruning keeps behaviour identical', () => {
  test('the mock is in place: the simulator prunes through it', () => {
    pruning.calls = 0;
    const scenario = testScenario({ clients: [{ id: 'A' }] });
    observe(scenario, scriptProtocol({ A: [{ kind: 'put', name: 'f', body: 1 }, { kind: 'put', name: 'f', body: 2 }] }), null, '1', 20);
    expect(pruning.calls).toBeGreaterThan(0);
  });

  test.prop([smallScenario({ faults: true }), fc.nat().map(String)], { numRuns: 120 })('pending-lock: same events, replies and states with and without pruning, on the same answers', (scenario, seed) => {
    const protocol = protocolOf(scenario);
    const pruned = withPruning(true, () => observe(scenario, protocol, null, seed, 120));
    const unpruned = withPruning(false, () => observe(scenario, protocol, pruned.answers, seed, 120));
    expect(unpruned.observed.events).toStrictEqual(pruned.observed.events);
    expect(unpruned.observed.states).toStrictEqual(pruned.observed.states);
    expect(unpruned.answers).toStrictEqual(pruned.answers);
  });

  // Clients that write, delete and write again the same two files and list
  // after every request: everything a list shows, versions included, must
  // be the same with and without pruning.
  const request = fc.oneof(
    fc.constantFrom('f', 'g').map((name): Effect => ({ kind: 'put', name, body: name })),
    fc.constantFrom('f', 'g').map((name): Effect => ({ kind: 'create', name, body: 'created' })),
    fc.constantFrom('f', 'g').map((name): Effect => ({ kind: 'delete', name })),
    fc.integer({ min: 1, max: 3 }).map((ticks): Effect => ({ kind: 'wait', ticks })),
  );
  const script = fc.array(request, { minLength: 1, maxLength: 6 }).map((effects) => effects.flatMap((effect) => [effect, { kind: 'list', prefix: '' } as Effect]));

  test.prop([fc.tuple(script, script), fc.nat(4), fc.nat(2), fc.nat().map(String)], { numRuns: 200 })(
    'writes, deletes and re-creates: every list, versions included, is the same with and without pruning',
    ([first, second], lagMax, latencyExtra, seed) => {
      const scenario = testScenario({
        clients: [{ id: 'A' }, { id: 'B', start: [0, 2] }],
        store: { latency: [1, 1 + latencyExtra], listLag: [0, lagMax], createIfAbsent: true },
      });
      const protocol = scriptProtocol({ A: first, B: second });
      const pruned = withPruning(true, () => observe(scenario, protocol, null, seed, 200));
      const unpruned = withPruning(false, () => observe(scenario, protocol, pruned.answers, seed, 200));
      expect(unpruned.observed.states).toStrictEqual(pruned.observed.states);
      expect(unpruned.observed.events).toStrictEqual(pruned.observed.events);
    },
  );

  test('pruning does drop versions in these runs (so the comparison compares something)', () => {
    pruning.dropped = 0;
    const scenario = testScenario({ clients: [{ id: 'A' }], store: { createIfAbsent: true } });
    const effects: Effect[] = [
      { kind: 'put', name: 'f', body: 1 },
      { kind: 'put', name: 'f', body: 2 },
      { kind: 'delete', name: 'f' },
      { kind: 'create', name: 'f', body: 3 },
      { kind: 'list', prefix: '' },
    ];
    const pruned = withPruning(true, () => observe(scenario, scriptProtocol({ A: effects }), null, '1', 50));
    expect(pruning.dropped).toBeGreaterThan(0);
    const unpruned = withPruning(false, () => observe(scenario, scriptProtocol({ A: effects }), pruned.answers, '1', 50));
    expect(unpruned.observed.files).toBeGreaterThan(pruned.observed.files);
    expect(unpruned.observed.states).toStrictEqual(pruned.observed.states);
  });

  test('prepare() builds its simulator on the same (mocked) store', () => {
    pruning.calls = 0;
    const { sim } = prepare(testScenarioForPendingLock());
    sim.step(sim.init(new ReplayChooser([0, 0])), new ReplayChooser([0]));
    expect(pruning.calls).toBeGreaterThan(0);
  });
});

function testScenarioForPendingLock(): Scenario {
  return { ...testScenario({ clients: [{ id: 'A', role: 'upgrader' }] }), protocol: { name: 'pending-lock' } };
}
