import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { RecordingChooser, ReplayChooser } from '../../../sim/engine/chooser.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { RandomChooser } from '../../../sim/engine/randomChooser.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import type { Protocol } from '../../../model/index.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';
import { StateEncoder } from '../../../sim/engine/stateEncoder.ts';
import type { ClientSlot, FileVersion, StoredReply, World } from '../../../sim/engine/world.ts';
import { smallScenario } from '../../fixtures/arbitraries.ts';

function shiftVersion(version: FileVersion, ticks: number): FileVersion {
  return {
    ...version,
    mtimeTicks: version.mtimeTicks + ticks,
    clientStampTicks: version.clientStampTicks + ticks,
    commitTick: version.commitTick + ticks,
    visibleTick: version.visibleTick + ticks,
  };
}

function shiftReply(reply: StoredReply | null, ticks: number): StoredReply | null {
  if (reply === null || reply.kind !== 'listed') return reply;
  return {
    kind: 'listed',
    versions: reply.versions.map((version) => shiftVersion(version, ticks)),
  };
}

/** The same world with every absolute time moved by `ticks`. */
function shiftWorld(world: World, ticks: number): World {
  return {
    ...world,
    now: world.now + ticks,
    clients: world.clients.map((client): ClientSlot => ({
      ...client,
      dueTick: client.dueTick + ticks,
      sentClockTicks: client.sentClockTicks + ticks,
      reply: shiftReply(client.reply, ticks),
    })),
    files: world.files.map((version) => shiftVersion(version, ticks)),
  };
}

function fingerprintOf(encoder: StateEncoder, world: World): [number, number] {
  const out = new Uint32Array(2);
  encoder.fingerprint(world, out);
  return [out[0]!, out[1]!];
}

/** The worlds of one random run, at most `steps` steps. */
function randomWorlds(sim: Simulator, seed: string, steps: number): World[] {
  const chooser = new RandomChooser(seed);
  let world = sim.init(chooser);
  const worlds = [world];
  while (worlds.length <= steps && !sim.isFinished(world)) {
    world = sim.step(world, chooser);
    worlds.push(world);
  }
  return worlds;
}

const seed = fc.nat().map(String);

describe('StateEncoder', () => {
  test.prop([smallScenario({ faults: true }), seed, fc.integer({ min: 1, max: 5 })], { numRuns: 60 })(
    'shifting all absolute times by a multiple of the resolution changes neither the encoding nor the fingerprint',
    (scenario, runSeed, multiple) => {
      const { sim } = prepare(scenario);
      const resolution = scenario.store.timestampResolution;
      const encoder = sim.encoder();
      for (const world of randomWorlds(sim, runSeed, 40)) {
        const shifted = shiftWorld(world, multiple * resolution);
        expect(Array.from(encoder.encode(shifted))).toStrictEqual(Array.from(encoder.encode(world)));
        expect(fingerprintOf(encoder, shifted)).toStrictEqual(fingerprintOf(encoder, world));
      }
    },
  );

  test.prop([smallScenario({ faults: true }), seed, fc.integer({ min: 1, max: 5 })], { numRuns: 40 })(
    'worlds that differ only by such a shift step to worlds with equal fingerprints, on the same answers',
    (scenario, runSeed, multiple) => {
      const { sim } = prepare(scenario);
      const resolution = scenario.store.timestampResolution;
      const encoder = sim.encoder();
      const worlds = randomWorlds(sim, runSeed, 15);
      let world = worlds[worlds.length - 1]!;
      let shifted = shiftWorld(world, multiple * resolution);
      const random = new RecordingChooser(new RandomChooser(`${runSeed}/after`));
      for (let steps = 0; steps < 25 && !sim.isFinished(world); steps += 1) {
        const before = random.answers.length;
        world = sim.step(world, random);
        shifted = sim.step(shifted, new ReplayChooser(random.answers.slice(before)));
        expect(shifted.now).toBe(world.now + multiple * resolution);
        expect(fingerprintOf(encoder, shifted)).toStrictEqual(fingerprintOf(encoder, world));
      }
    },
  );

  test.prop([smallScenario(), seed, fc.integer({ min: 2, max: 3 }), fc.nat(5)], { numRuns: 30 })(
    'shifting by a whole number of ticks that is not a multiple of the resolution does change the encoding',
    (scenario, runSeed, resolution, multiple) => {
      const { sim } = prepare({ ...scenario, store: { ...scenario.store, timestampResolution: resolution } });
      const encoder = new StateEncoder(sim.protocol.sections, resolution);
      for (const world of randomWorlds(sim, runSeed, 10)) {
        for (let offset = 1; offset < resolution; offset += 1) {
          const shifted = shiftWorld(world, multiple * resolution + offset);
          expect(Array.from(encoder.encode(shifted))).not.toStrictEqual(Array.from(encoder.encode(world)));
        }
      }
    },
  );

  test('states that behave differently encode differently', () => {
    const scenario = smallScenario({ clientsMax: 2 });
    fc.assert(
      fc.property(scenario, seed, (value, runSeed) => {
        const { sim } = prepare(value);
        const encoder = new StateEncoder(sim.protocol.sections, value.store.timestampResolution);
        const [world] = randomWorlds(sim, runSeed, 0);
        const base = Array.from(encoder.encode(world!));
        const changed = (edit: (slot: ClientSlot) => ClientSlot) =>
          Array.from(encoder.encode({ ...world!, clients: world!.clients.map((slot, index) => (index === 0 ? edit(slot) : slot)) }));
        expect(changed((slot) => ({ ...slot, dueTick: slot.dueTick + 1 }))).not.toStrictEqual(base);
        expect(changed((slot) => ({ ...slot, skewTicks: slot.skewTicks + 1 }))).not.toStrictEqual(base);
        expect(changed((slot) => ({ ...slot, section: 'exclusive' }))).not.toStrictEqual(base);
        expect(changed((slot) => ({ ...slot, stateKey: slot.stateKey + 1 }))).not.toStrictEqual(base);
        expect(changed((slot) => ({ ...slot, phase: 'done', outcome: 'finished' }))).not.toStrictEqual(base);
      }),
      { numRuns: 20 },
    );
  });

  test('a visibility tick already passed encodes as 0, however long ago', () => {
    const encoder = new StateEncoder(['exclusive', 'sync'], 1);
    const version: FileVersion = { name: 'f', nameKey: 0, writer: 0, body: 'x', bodyKey: 1, mtimeTicks: 3, clientStampTicks: 3, version: 1, commitTick: 3, visibleTick: 3, deleted: false };
    const world = (visibleTick: number): World => ({ now: 10, clients: [], files: [{ ...version, visibleTick }], data: { fenceToken: -1, staleWriter: -1 }, faults: { pausesLeft: 0, crashesLeft: 0 } });
    expect(Array.from(encoder.encode(world(3)))).toStrictEqual(Array.from(encoder.encode(world(10))));
    expect(Array.from(encoder.encode(world(11)))).not.toStrictEqual(Array.from(encoder.encode(world(10))));
  });

  describe('file times older than the age horizon are compressed to their order', () => {
    const version = (name: string, mtimeTicks: number): FileVersion => ({
      name,
      nameKey: name.charCodeAt(0),
      writer: 0,
      body: 'x',
      bodyKey: 1,
      mtimeTicks,
      clientStampTicks: mtimeTicks,
      version: 1,
      commitTick: mtimeTicks,
      visibleTick: mtimeTicks,
      deleted: false,
    });
    const world = (f: number, g: number): World => ({
      now: 100,
      clients: [],
      files: [version('f', f), version('g', g)],
      data: { fenceToken: -1, staleWriter: -1 },
      faults: { pausesLeft: 0, crashesLeft: 0 },
    });
    const encoder = new StateEncoder([], 1, 10);
    const encoded = (f: number, g: number) => Array.from(encoder.encode(world(f, g)));

    test('two old times in the same order encode alike, however far apart', () => {
      expect(encoded(10, 20)).toStrictEqual(encoded(5, 60));
      expect(encoded(10, 20)).toStrictEqual(encoded(88, 89));
    });

    test('their order, and whether they are equal, is kept', () => {
      expect(encoded(20, 10)).not.toStrictEqual(encoded(10, 20));
      expect(encoded(10, 10)).not.toStrictEqual(encoded(10, 20));
      expect(encoded(10, 10)).toStrictEqual(encoded(50, 50));
    });

    test('times within the horizon keep their distance from now; an old time stays below every recent one', () => {
      expect(encoded(10, 95)).not.toStrictEqual(encoded(10, 96));
      expect(encoded(10, 91)).not.toStrictEqual(encoded(10, 89));
      // Without a horizon, every distance counts.
      const exact = new StateEncoder([], 1);
      expect(Array.from(exact.encode(world(10, 20)))).not.toStrictEqual(Array.from(exact.encode(world(5, 60))));
    });

    test('a file that stays forever does not make every later state new: a poller over it has finitely many states', () => {
      // A writes f once; B lists and waits for ever. Without the horizon, f's
      // age grows with every poll and no state repeats; with it, once f is
      // old its age is only "older than everything recent", and B's polls cycle.
      const scenario = testScenario({ clients: [{ id: 'A' }, { id: 'B' }] });
      const poller: Protocol<Record<string, unknown>, { pc: string }> = {
        ...scriptProtocol({}),
        init: () => ({ pc: 'start' }),
        describe: (state) => state.pc,
        step(state, _input, context) {
          if (context.id === 'A') return state.pc === 'start' ? { state: { pc: 'put' }, effect: { kind: 'put', name: 'f', body: 1 } } : { state: { pc: 'end' }, effect: { kind: 'done', outcome: 'finished' } };
          return state.pc === 'list' ? { state: { pc: 'wait' }, effect: { kind: 'wait', ticks: 1 } } : { state: { pc: 'list' }, effect: { kind: 'list', prefix: '' } };
        },
      };
      class ExactTimes extends Simulator {
        override encoder(): StateEncoder {
          return new StateEncoder(this.protocol.sections, this.scenario.store.timestampResolution);
        }
      }
      const limits = { maxStates: 10_000, maxDepth: 200 };
      const compressed = exploreExhaustive(new Simulator(scenario, poller), [], limits);
      expect(compressed.verdict).toBe('safe');
      expect(compressed.stats.states).toBeLessThan(100);
      expect(exploreExhaustive(new ExactTimes(scenario, poller), [], limits)).toMatchObject({ verdict: 'incomplete', incompleteReason: 'stopped at maxDepth (200)' });
    });
  });

  test.prop([smallScenario({ clientsMax: 2, faults: true })], { numRuns: 12 })(
    'compressing old times changes no verdict and no shortest counterexample',
    (scenario) => {
      class ExactTimes extends Simulator {
        override encoder(): StateEncoder {
          return new StateEncoder(this.protocol.sections, this.scenario.store.timestampResolution);
        }
      }
      const { sim, properties } = prepare(scenario);
      const limits = { maxStates: 20_000, maxDepth: 150 };
      const compressed = exploreExhaustive(sim, properties, limits);
      const exact = exploreExhaustive(new ExactTimes(scenario, sim.protocol), properties, limits);
      if (compressed.verdict === 'incomplete' || exact.verdict === 'incomplete') return;
      expect(compressed.verdict).toBe(exact.verdict);
      expect(compressed.counterexample?.steps).toBe(exact.counterexample?.steps);
      expect(compressed.stats.states).toBeLessThanOrEqual(exact.stats.states);
    },
  );

  test('rejects a resolution below one tick', () => {
    expect(() => new StateEncoder([], 0)).toThrow('encoder: resolution below one tick');
  });
});
