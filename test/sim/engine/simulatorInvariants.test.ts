// The model's own invariants, checked in every state of random runs on random
// small scenarios: whatever the protocol options and store ranges, the
// simulator keeps its world well formed.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { lockKindOf } from '../../../model/lockFiles.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { RandomChooser } from '../../../sim/engine/randomChooser.ts';
import type { Simulator } from '../../../sim/engine/simulator.ts';
import type { World } from '../../../sim/engine/world.ts';
import { smallScenario } from '../../fixtures/arbitraries.ts';

const phases = ['ready', 'sent', 'replying', 'done'];
const sectionOfRole: Record<string, string> = { upgrader: 'exclusive', syncer: 'sync' };

/** Every world of one random run, until all clients are done or `steps` steps. */
function* run(sim: Simulator, seed: string, steps: number): Generator<World> {
  const chooser = new RandomChooser(seed);
  let world = sim.init(chooser);
  yield world;
  for (let step = 0; step < steps && !sim.isFinished(world); step += 1) {
    world = sim.step(world, chooser);
    yield world;
  }
}

/** Lock file names must name their writer: `locks/KIND-<writer id>`. */
function expectLockOwnedByWriter(name: string, owner: string | undefined, clientIds: readonly string[]): void {
  expect(owner, `${name} has a writer`).toBeDefined();
  expect(clientIds).toContain(owner);
  const kind = lockKindOf({ name, owner: owner!, body: null, mtimeTicks: 0, clientStampTicks: 0, version: 0 });
  expect(kind, `${name} is a lock file`).not.toBeNull();
  expect(name).toBe(`locks/${kind}-${owner}`);
}

const runSeed = fc.nat().map(String);

describe('simulator invariants in every state of random runs', () => {
  test.prop([smallScenario({ faults: true }), runSeed], { numRuns: 80 })('every lock file, stored or listed, has an owner that is a client id, and it is the client the name names', (scenario, seed) => {
    const { sim } = prepare(scenario);
    for (const world of run(sim, seed, 80)) {
      for (const version of world.files) expectLockOwnedByWriter(version.name, sim.clientIds[version.writer], sim.clientIds);
      for (const slot of world.clients) {
        if (slot.reply?.kind !== 'listed') continue;
        const reply = sim.toReply(slot.reply);
        if (reply.kind !== 'listed') continue;
        for (const file of reply.files) expectLockOwnedByWriter(file.name, file.owner, sim.clientIds);
      }
    }
  });

  test.prop([smallScenario({ faults: true }), runSeed], { numRuns: 80 })('time never goes backwards: the clock only advances, no event is due in the past, nothing was committed in the future', (scenario, seed) => {
    const { sim } = prepare(scenario);
    let previous = -1;
    for (const world of run(sim, seed, 80)) {
      expect(world.now).toBeGreaterThanOrEqual(previous);
      previous = world.now;
      for (const slot of world.clients) if (slot.phase !== 'done') expect(slot.dueTick).toBeGreaterThanOrEqual(world.now);
      for (const version of world.files) {
        expect(version.commitTick).toBeLessThanOrEqual(world.now);
        expect(version.visibleTick).toBeGreaterThanOrEqual(version.commitTick);
        expect(version.mtimeTicks).toBeLessThanOrEqual(version.commitTick);
      }
    }
  });

  test.prop([smallScenario({ faults: true }), runSeed], { numRuns: 80 })('each client is in exactly one phase, and what it holds matches that phase', (scenario, seed) => {
    const { sim } = prepare(scenario);
    for (const world of run(sim, seed, 80)) {
      expect(world.clients).toHaveLength(scenario.clients.length);
      for (const slot of world.clients) {
        expect(phases.filter((phase) => phase === slot.phase)).toHaveLength(1);
        const inFlight = slot.phase === 'sent' || slot.phase === 'replying';
        expect(slot.request !== null).toBe(inFlight);
        expect(slot.reply !== null).toBe(slot.phase === 'replying');
        expect(slot.outcome !== null).toBe(slot.phase === 'done');
        if (slot.phase === 'done') expect(slot.section).toBeNull();
      }
    }
  });

  test.prop([smallScenario({ faults: true }), runSeed], { numRuns: 80 })('a client in a section is in a section its protocol declares, the one of its role', (scenario, seed) => {
    const { sim } = prepare(scenario);
    for (const world of run(sim, seed, 80)) {
      world.clients.forEach((slot, index) => {
        if (slot.section === null) return;
        expect(sim.protocol.sections).toContain(slot.section);
        expect(slot.section).toBe(sectionOfRole[scenario.clients[index]!.role]);
      });
    }
  });

  test.prop([smallScenario({ faults: true }), runSeed], { numRuns: 60 })('files stay sorted by name, versions of a name in commit order, and pruned', (scenario, seed) => {
    const { sim } = prepare(scenario);
    for (const world of run(sim, seed, 80)) {
      for (let index = 1; index < world.files.length; index += 1) {
        const before = world.files[index - 1]!;
        const after = world.files[index]!;
        expect(before.name <= after.name).toBe(true);
        if (before.name === after.name) {
          expect(before.commitTick).toBeLessThanOrEqual(after.commitTick);
          // Only the newest version everyone sees is kept, never an older one:
          // a kept version with a newer one after it is followed by one that some client does not see yet.
          expect(after.visibleTick).toBeGreaterThan(world.now);
        }
      }
    }
  });
});
