import { fc, test } from '@fast-check/vitest';
import { differentialScenario, loadRaw, protocolCase } from '../../fixtures/differentialScenarios.ts';
import { describe, expect } from 'vitest';
import { RecordingChooser, ReplayChooser } from '../../../sim/engine/chooser.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { RandomChooser } from '../../../sim/engine/randomChooser.ts';
import { reductionNames } from '../../../sim/engine/reductions.ts';
import type { ReduceSpec, ReductionName } from '../../../sim/engine/reductions.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { fingerprintWordsFrom, type StateEncoder } from '../../../sim/engine/stateEncoder.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import type { Protocol } from '../../../model/index.ts';
import { parseScenario } from '../../../sim/scenario/parseScenario.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';
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
  return { kind: 'listed', versions: reply.versions.map((version) => shiftVersion(version, ticks)) };
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

/** A copy of the encoding (encode returns a view of a buffer the next call overwrites). */
function encoded(encoder: StateEncoder, world: World): number[] {
  return Array.from(encoder.encode(world));
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

function withReduce(scenario: Scenario, reduce: ReduceSpec): Scenario {
  return { ...scenario, explore: { ...scenario.explore, reduce } };
}

const seed = fc.nat().map(String);
/** All on, all off, or a random choice per name (absent names stay on). */
const reduceSpec: fc.Arbitrary<ReduceSpec> = fc.oneof(
  fc.boolean(),
  fc.tuple(...reductionNames.map(() => fc.option(fc.boolean(), { nil: undefined }))).map((flags) => {
    const spec: Partial<Record<ReductionName, boolean>> = {};
    reductionNames.forEach((name, index) => {
      if (flags[index] !== undefined) spec[name] = flags[index];
    });
    return spec;
  }),
);

describe('StateEncoder', () => {
  test.prop([smallScenario({ faults: true }), seed, fc.integer({ min: 1, max: 5 })], { numRuns: 60 })(
    'shifting all absolute times by a multiple of the resolution changes neither the encoding nor the fingerprint',
    (scenario, runSeed, multiple) => {
      const { sim } = prepare(scenario);
      expect(sim.reductions.relativeTime).toBe(true);
      const resolution = scenario.store.timestampResolution;
      const encoder = sim.encoder();
      for (const world of randomWorlds(sim, runSeed, 40)) {
        const shifted = shiftWorld(world, multiple * resolution);
        expect(encoded(encoder, shifted)).toStrictEqual(encoded(encoder, world));
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
      const encoder = sim.encoder();
      for (const world of randomWorlds(sim, runSeed, 10)) {
        // A finished world is one state whatever its time (the terminal reduction, below).
        if (sim.isFinished(world)) continue;
        for (let offset = 1; offset < resolution; offset += 1) {
          const shifted = shiftWorld(world, multiple * resolution + offset);
          expect(encoded(encoder, shifted)).not.toStrictEqual(encoded(encoder, world));
        }
      }
    },
  );

  test.prop([smallScenario({ clientsMax: 2 }), seed], { numRuns: 20 })('states that behave differently encode differently', (scenario, runSeed) => {
    const { sim } = prepare(scenario);
    const encoder = sim.encoder();
    const [world] = randomWorlds(sim, runSeed, 0);
    const base = encoded(encoder, world!);
    const changed = (edit: (slot: ClientSlot) => ClientSlot) => encoded(encoder, { ...world!, clients: world!.clients.map((slot, index) => (index === 0 ? edit(slot) : slot)) });
    // Times count relative to the next due tick: a lone client due one tick later is the same world,
    // unless rounding tells the two ticks apart.
    if (world!.clients.length > 1 || scenario.store.timestampResolution > 1) expect(changed((slot) => ({ ...slot, dueTick: slot.dueTick + 1 }))).not.toStrictEqual(base);
    else expect(changed((slot) => ({ ...slot, dueTick: slot.dueTick + 1 }))).toStrictEqual(base);
    expect(changed((slot) => ({ ...slot, skewTicks: slot.skewTicks + 1 }))).not.toStrictEqual(base);
    expect(changed((slot) => ({ ...slot, section: 'exclusive' }))).not.toStrictEqual(base);
    expect(changed((slot) => ({ ...slot, stateKey: slot.stateKey + 1 }))).not.toStrictEqual(base);
    // The newest accepted token matters only to the supersededWrites history; without it, it takes no word.
    if (sim.monitors.supersededWrites) expect(changed((slot) => ({ ...slot, lastToken: slot.lastToken + 1 }))).not.toStrictEqual(base);
    else expect(changed((slot) => ({ ...slot, lastToken: slot.lastToken + 1 }))).toStrictEqual(base);
    expect(changed((slot) => ({ ...slot, phase: 'done', outcome: 'finished' }))).not.toStrictEqual(base);
    expect(encoded(encoder, { ...world!, faults: { ...world!.faults, crashesLeft: world!.faults.crashesLeft + 1 } })).not.toStrictEqual(base);
  });

  test('a visibility tick already passed encodes as 0, however long ago', () => {
    const sim = new Simulator(testScenario({ clients: [{ id: 'A' }] }), scriptProtocol({}, { log: false }));
    const encoder = sim.encoder();
    const start = sim.init(new RandomChooser('1'));
    const version: FileVersion = { name: 'f', nameKey: sim.keys.keyOf('f', 'name'), writer: 0, body: 'x', bodyKey: sim.keys.keyOf('x', 'body'), mtimeTicks: 3, clientStampTicks: 3, version: 1, commitTick: 3, visibleTick: 3, deleted: false };
    const world = (visibleTick: number): World => ({ ...start, now: 10, clients: start.clients.map((slot) => ({ ...slot, dueTick: 10 })), files: [{ ...version, visibleTick }] });
    expect(encoded(encoder, world(3))).toStrictEqual(encoded(encoder, world(10)));
    expect(encoded(encoder, world(11))).not.toStrictEqual(encoded(encoder, world(10)));
  });

  describe('file times older than the age horizon are compressed to their order', () => {
    // Declares time-shift invariance and an age horizon, but not fileFields: every file time is kept.
    const plain = scriptProtocol({}, { log: false });
    const timed: Protocol = { ...plain, declares: { timeShiftInvariant: true, ageHorizonTicks: () => 0 } };
    const scenario = testScenario({ clients: [{ id: 'A' }] });
    const sim = new Simulator(scenario, timed);
    const exactSim = new Simulator(scenario, timed, { reduce: { oldTimes: false } });
    const horizon = sim.ageHorizonTicks;
    const start = sim.init(new RandomChooser('1'));
    const version = (name: string, mtimeTicks: number): FileVersion => ({
      name,
      nameKey: sim.keys.keyOf(name, 'name'),
      writer: 0,
      body: 'x',
      bodyKey: sim.keys.keyOf('x', 'body'),
      mtimeTicks,
      clientStampTicks: mtimeTicks,
      version: 1,
      commitTick: mtimeTicks,
      visibleTick: mtimeTicks,
      deleted: false,
    });
    // The client is due at 100, so times are relative to 100.
    const world = (f: number, g: number): World => ({ ...start, now: 100, clients: start.clients.map((slot) => ({ ...slot, dueTick: 100 })), files: [version('f', f), version('g', g)] });
    /** A time `ticks` past the horizon, and one `ticks` before the due tick (recent while ticks <= horizon). */
    const old = (ticks: number) => 100 - horizon - 1 - ticks;
    const recent = (ticks: number) => 100 - ticks;
    const encoder = sim.encoder();
    const exact = exactSim.encoder();
    const encode = (f: number, g: number) => encoded(encoder, world(f, g));

    test('the reduction is on, with a finite horizon, only where declared and not turned off', () => {
      expect(sim.reductions.oldTimes).toBe(true);
      expect(Number.isFinite(horizon) && horizon > 0).toBe(true);
      expect(exactSim.ageHorizonTicks).toBe(Number.POSITIVE_INFINITY);
    });

    test('two old times in the same order encode alike, however far apart', () => {
      expect(encode(old(80), old(70))).toStrictEqual(encode(old(85), old(30)));
      expect(encode(old(80), old(70))).toStrictEqual(encode(old(1), old(0)));
    });

    test('their order, and whether they are equal, is kept', () => {
      expect(encode(old(70), old(80))).not.toStrictEqual(encode(old(80), old(70)));
      expect(encode(old(5), old(5))).not.toStrictEqual(encode(old(5), old(6)));
      expect(encode(old(5), old(5))).toStrictEqual(encode(old(50), old(50)));
    });

    test('times within the horizon keep their distance from the due tick; an old time stays below every recent one', () => {
      expect(encode(old(10), recent(5))).not.toStrictEqual(encode(old(10), recent(4)));
      expect(encode(old(10), recent(horizon))).not.toStrictEqual(encode(old(10), recent(horizon + 1)));
      // Without the reduction, every distance counts.
      expect(encoded(exact, world(old(80), old(70)))).not.toStrictEqual(encoded(exact, world(old(85), old(30))));
    });

    test('a file that stays forever does not make every later state new: a poller over it has finitely many states', () => {
      // A writes f once; B lists and waits for ever. Without the horizon, f's
      // age grows with every poll and no state repeats; with it, once f is
      // old its age is only "older than everything recent", and B's polls cycle.
      const twoClients = testScenario({ clients: [{ id: 'A' }, { id: 'B' }] });
      const poller: Protocol<Record<string, unknown>, { pc: string }> = {
        ...timed,
        init: () => ({ pc: 'start' }),
        describe: (state) => state.pc,
        step(state, _input, context) {
          if (context.id === 'A') return state.pc === 'start' ? { state: { pc: 'put' }, effect: { kind: 'put', name: 'f', body: 1 } } : { state: { pc: 'end' }, effect: { kind: 'done', outcome: 'finished' } };
          return state.pc === 'list' ? { state: { pc: 'wait' }, effect: { kind: 'wait', ticks: 1 } } : { state: { pc: 'list' }, effect: { kind: 'list', prefix: '' } };
        },
      };
      const limits = { maxStates: 10_000, maxDepth: 200 };
      const compressed = exploreExhaustive(new Simulator(twoClients, poller), [], limits);
      expect(compressed.verdict).toBe('safe');
      expect(compressed.stats.states).toBeLessThan(100);
      const exactTimes = exploreExhaustive(new Simulator(twoClients, poller, { reduce: { oldTimes: false } }), [], limits);
      expect(exactTimes).toMatchObject({ verdict: 'incomplete', incompleteReason: 'stopped at maxDepth (200)' });
    });
  });

  /** Found by search: old times merge a few states, and a crashed client's lock leads to a violation. */
  const compressingViolation = parseScenario(
    {
      name: 'compressing',
      protocol: { name: 'pending-lock', timestamp: 'client', tieBreak: 'loose', winnerPending: 'delete', syncerOrder: 'post-then-check', pollInterval: 3, attempts: 1, retryDelay: 3 },
      clients: [
        { id: 'A', role: 'upgrader', writes: 0, start: [2, 3] },
        { id: 'B', role: 'syncer', writes: 2, start: [2, 4] },
      ],
      store: { latency: [1, 2], listLag: [0, 3], clockSkew: [-2, -1], timestampResolution: 1 },
      faults: { pauses: 0, pause: [1, 2], crashes: 1 },
      explore: { maxDepth: 80 },
    },
    'compressing.yaml',
  );

  test.prop([smallScenario({ clientsMax: 2, faults: true })], { numRuns: 10, examples: [[compressingViolation]] })('compressing old times changes no verdict and no shortest counterexample', (scenario) => {
    const { sim, properties } = prepare(scenario);
    const exactSim = prepare(withReduce(scenario, { oldTimes: false })).sim;
    expect(sim.reductions.oldTimes).toBe(true);
    expect(exactSim.reductions.oldTimes).toBe(false);
    const limits = { maxStates: 20_000, maxDepth: 150 };
    const compressed = exploreExhaustive(sim, properties, limits);
    const exact = exploreExhaustive(exactSim, properties, limits);
    if (compressed.verdict === 'incomplete' || exact.verdict === 'incomplete') return;
    expect(compressed.verdict).toBe(exact.verdict);
    expect(compressed.counterexample?.steps).toBe(exact.counterexample?.steps);
    expect(compressed.stats.states).toBeLessThanOrEqual(exact.stats.states);
  });

  test.prop([smallScenario({ faults: true }), seed, reduceSpec], { numRuns: 60 })('decoding an encoding gives a world that encodes to exactly the same words', (scenario, runSeed, reduce) => {
    const { sim } = prepare(withReduce(scenario, reduce));
    const encoder = sim.encoder();
    for (const world of randomWorlds(sim, runSeed, 40)) {
      const words = encoded(encoder, world);
      const decoded = encoder.decode(words);
      expect(encoded(encoder, decoded)).toStrictEqual(words);
      expect(sim.isFinished(decoded)).toBe(sim.isFinished(world));
      // A second encoder, with nothing cached, decodes it alike.
      expect(encoded(encoder, sim.encoder().decode(words))).toStrictEqual(words);
    }
  });

  test.prop([smallScenario({ faults: true }), seed, reduceSpec], { numRuns: 60 })(
    'a world and its decoded copy, stepped on the same answers, ask the same questions and reach worlds with equal encodings',
    (scenario, runSeed, reduce) => {
      const { sim } = prepare(withReduce(scenario, reduce));
      const encoder = sim.encoder();
      const random = new RecordingChooser(new RandomChooser(runSeed));
      let world = sim.init(random);
      // One copy decoded once and stepped alongside for the whole run; one decoded afresh at every step (as the BFS does).
      let copy = encoder.decode(encoded(encoder, world));
      for (let steps = 0; steps < 60 && !sim.isFinished(world); steps += 1) {
        const fresh = encoder.decode(encoded(encoder, world));
        const before = random.answers.length;
        world = sim.step(world, random);
        const answers = random.answers.slice(before);
        const expected = encoded(encoder, world);
        for (const decoded of [copy, fresh]) {
          expect(sim.isFinished(decoded)).toBe(false);
          const replay = new ReplayChooser(answers);
          const next = sim.step(decoded, replay);
          expect(replay.consumed).toBe(answers.length);
          expect(encoded(encoder, next)).toStrictEqual(expected);
          if (decoded === copy) copy = next;
        }
      }
      expect(sim.isFinished(copy)).toBe(sim.isFinished(world));
    },
  );

  // Requests issued at once (an `all` effect) and store-clock reads: the store-clock-lease fixture reading clock and list together.
  const concurrentLease = differentialScenario(protocolCase('store-clock-lease')).map((raw) =>
    loadRaw({ ...raw, protocol: { ...raw.protocol, concurrent: true } }, { maxStates: 10_000, maxDepth: 200 }),
  );
  test.prop([concurrentLease, seed, reduceSpec], { numRuns: 40 })(
    'with requests in flight at once: decoding gives a world that encodes alike and steps alike',
    (scenario, runSeed, reduce) => {
      const { sim } = prepare(withReduce(scenario, reduce));
      const encoder = sim.encoder();
      const random = new RecordingChooser(new RandomChooser(runSeed));
      let world = sim.init(random);
      let batches = 0;
      for (let steps = 0; steps < 80 && !sim.isFinished(world); steps += 1) {
        const words = encoded(encoder, world);
        const decoded = encoder.decode(words);
        expect(encoded(encoder, decoded)).toStrictEqual(words);
        if (world.clients.some((slot) => slot.batch !== null || slot.reply?.kind === 'all')) batches += 1;
        const before = random.answers.length;
        world = sim.step(world, random);
        const answers = random.answers.slice(before);
        const replay = new ReplayChooser(answers);
        expect(encoded(encoder, sim.step(decoded, replay))).toStrictEqual(encoded(encoder, world));
        expect(replay.consumed).toBe(answers.length);
      }
      // Every taker reads clock and list at once after its put, so a run of a few steps has a batch in flight.
      if (world.clients.every((slot) => slot.outcome !== null)) expect(batches).toBeGreaterThan(0);
    },
  );

  test.prop([smallScenario({ faults: true }), seed], { numRuns: 40 })(
    'a world in which every client is done encodes to one word with the terminal reduction on, and not with it off',
    (scenario, runSeed) => {
      const on = prepare(scenario).sim;
      const off = prepare(withReduce(scenario, { terminal: false })).sim;
      expect(on.reductions.terminal).toBe(true);
      expect(off.reductions.terminal).toBe(false);
      const worlds = randomWorlds(on, runSeed, 300);
      const last = worlds[worlds.length - 1]!;
      // Every client stopped by hand, wherever it was, as a crash stops it: files, faults and tokens stay as they were.
      const middle = worlds[worlds.length >> 1]!;
      const stopped: World = {
        ...middle,
        clients: middle.clients.map((slot) => ({ ...slot, phase: 'done', section: null, outcome: 'crashed', request: null, requestKey: -1, reply: null, reaction: null })),
      };
      const finals = on.isFinished(last) ? [last, stopped] : [stopped];
      const onEncoder = on.encoder();
      const offEncoder = off.encoder();
      for (const final of finals) {
        expect(encoded(onEncoder, final)).toStrictEqual(encoded(onEncoder, finals[0]!));
        expect(encoded(onEncoder, final)).toHaveLength(1);
        expect(encoded(offEncoder, final).length).toBeGreaterThan(1);
        expect(on.isFinished(onEncoder.decode(encoded(onEncoder, final)))).toBe(true);
      }
      // No unfinished world encodes to one word.
      for (const world of worlds) if (!on.isFinished(world)) expect(encoded(onEncoder, world).length).toBeGreaterThan(1);
    },
  );

  test.prop([smallScenario({ faults: true }), seed, fc.integer({ min: 1, max: 5 })], { numRuns: 30 })(
    'with explore.reduce false, encodings keep absolute time: a shift by a multiple of the resolution changes them',
    (scenario, runSeed, multiple) => {
      const { sim } = prepare(withReduce(scenario, false));
      expect(Object.values(sim.reductions).some(Boolean)).toBe(false);
      const encoder = sim.encoder();
      for (const world of randomWorlds(sim, runSeed, 20)) {
        const shifted = shiftWorld(world, multiple * scenario.store.timestampResolution);
        expect(encoded(encoder, shifted)).not.toStrictEqual(encoded(encoder, world));
      }
    },
  );

  test.prop([smallScenario({ faults: true }), seed, fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 0, max: 0x7fffffff })], { numRuns: 60 })(
    'small fields that share a word (the world\'s head, a client\'s head, a file\'s first word) decode back whole, whether they fit it or not',
    (scenario, runSeed, skewTicks, pausesLeft, crashesLeft) => {
      const { sim } = prepare(scenario);
      const encoder = sim.encoder();
      const worlds = randomWorlds(sim, runSeed, 40).filter((world) => !sim.isFinished(world));
      const world = worlds[worlds.length - 1]!;
      // Large values force each field out of its shared word: the writer of every file is one past what fits beside its name,
      // and the versions are more than the world's head word can count.
      const files = world.files.map((version) => ({ ...version, writer: 600 }));
      const edited: World = {
        ...world,
        faults: { pausesLeft, crashesLeft },
        data: { ...world.data, fenceToken: 1000 + (pausesLeft % 1000) },
        clients: world.clients.map((slot, index) => (index === 0 ? { ...slot, skewTicks } : slot)),
        files: files.length === 0 ? files : Array.from({ length: 130 }, (_, at) => files[at % files.length]!),
      };
      for (const candidate of [world, edited]) {
        const words = encoded(encoder, candidate);
        const decoded = encoder.decode(Int32Array.from(words));
        expect(encoded(encoder, decoded)).toStrictEqual(words);
        expect(decoded.faults).toStrictEqual(candidate.faults);
        expect(decoded.data.fenceToken).toBe(candidate.data.fenceToken);
        expect(decoded.files).toHaveLength(candidate.files.length);
        expect(decoded.clients.map((slot) => slot.skewTicks)).toStrictEqual(candidate.clients.map((slot) => slot.skewTicks));
        expect(decoded.files.map((version) => [version.name, version.writer, version.deleted])).toStrictEqual(candidate.files.map((version) => [version.name, version.writer, version.deleted]));
      }
      // The shared words are what keep an encoding short: the edited world's token alone (above 1,000) takes the head's fields out of their word.
      expect(encoded(encoder, world).length).toBeLessThan(encoded(encoder, edited).length);
    },
  );

  test('rejects a resolution below one tick', () => {
    const sim = new Simulator(testScenario({ clients: [{ id: 'A' }], store: { timestampResolution: 0 } }), scriptProtocol({}, { log: false }), { reduce: false });
    expect(() => sim.encoder()).toThrow('encoder: resolution below one tick');
  });
});

describe('fingerprintWordsFrom', () => {
  const fingerprint = (words: readonly number[], from = 0, length = words.length - from): string => {
    const out = new Uint32Array(2);
    fingerprintWordsFrom(Int32Array.from(words), from, length, out);
    return `${out[0]},${out[1]}`;
  };

  test('two encodings that the first fingerprint merged (a 72-state search lost one) now differ', () => {
    // Equal and opposite differences high in the last two words: a multiplication alone never moved them down.
    expect(fingerprint([0, 0, -1, -1, -16777214, -360465, -1, 2, 50331653, 16842757])).not.toBe(fingerprint([0, 0, -1, -1, -16777214, -360465, -1, 2, 33554437, 33619973]));
  });

  test.prop([fc.array(fc.integer({ min: -64, max: 64 }), { minLength: 2, maxLength: 40 }), fc.nat(), fc.nat(31), fc.nat(), fc.boolean()], { numRuns: 3000 })(
    'words that differ by a power of two, opposite in a second word, never share a fingerprint',
    (base, at, bit, second, sameLane) => {
      const first = at % base.length;
      // The second word of the pair: the next one (the other lane), or one two further on (the same lane), else any other.
      let other = (first + (sameLane ? 2 : 1)) % base.length;
      if (other === first) other = (first + 1 + (second % (base.length - 1))) % base.length;
      const changed = base.slice();
      const delta = 2 ** bit;
      changed[first] = (changed[first]! + delta) | 0;
      changed[other] = (changed[other]! - delta) | 0;
      expect(fingerprint(changed)).not.toBe(fingerprint(base));
    },
  );

  test.prop([fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 0xffffffff })], { numRuns: 2000 })(
    'one changed word always changes the fingerprint (each word enters the chains by a bijection)',
    (base, at, flip) => {
      const changed = base.slice();
      const index = at % base.length;
      changed[index] = changed[index]! ^ (flip | 0);
      expect(fingerprint(changed)).not.toBe(fingerprint(base));
    },
  );

  test.prop([fc.array(fc.integer(), { maxLength: 30 }), fc.array(fc.integer(), { maxLength: 10 }), fc.array(fc.integer(), { maxLength: 10 })])(
    'the words of a range fingerprint as those words alone, wherever they lie',
    (middle, before, after) => {
      expect(fingerprint([...before, ...middle, ...after], before.length, middle.length)).toBe(fingerprint(middle));
    },
  );
});
