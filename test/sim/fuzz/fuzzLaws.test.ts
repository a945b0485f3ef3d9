// The laws the fuzzer rests on, each checked by fast-check (a failing case
// prints its seed and path; pass them to test.prop's options to replay it):
// (a) the model's own invariants hold in every state the fuzzer reaches, and
//     in every reachable state of small scenarios;
// (b) random mode agrees with exhaustive mode;
// (c) every trace the fuzzer writes replays, and its scenario file checks;
// (d) the scenario loader throws nothing but InputError, whatever the text;
// (e) is in fuzzShippedScenarios.test.ts.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { stringify } from 'yaml';
import { lockKindOf } from '../../../model/lockFiles.ts';
import type { Chooser } from '../../../sim/engine/chooser.ts';
import { enumerateChoices } from '../../../sim/engine/enumerateChoices.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import type { Simulator } from '../../../sim/engine/simulator.ts';
import type { World } from '../../../sim/engine/world.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import { exploreRandom } from '../../../sim/explore/random.ts';
import { firstViolation } from '../../../sim/explore/checkProperties.ts';
import { fuzzCaseArbitrary } from '../../../sim/fuzz/fuzzCaseArbitrary.ts';
import { fuzzScenario } from '../../../sim/fuzz/fuzzScenario.ts';
import { fuzzSpecOf } from '../../../sim/fuzz/fuzzSpecOf.ts';
import { ListChooser } from '../../../sim/fuzz/listChooser.ts';
import { minimalReproduction } from '../../../sim/fuzz/minimalReproduction.ts';
import { scenarioYaml } from '../../../sim/fuzz/scenarioYaml.ts';
import { InputError, loadScenarioText, parseScenario, type Scenario } from '../../../sim/scenario/index.ts';
import { buildTrace } from '../../../sim/trace/buildTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import { pendingLockScenario, violating } from '../../fixtures/scenarios.ts';

/** A base with a fuzz section; `limits` is the section's YAML flow mapping body. */
function base(limits: string, store = 'latency: 1', maxDepth = 120): Scenario {
  return loadScenarioText(
    `name: law base
protocol: { name: pending-lock }
clients: [{ id: A, role: upgrader }]
store: { ${store} }
explore: { maxDepth: ${maxDepth} }
fuzz: { ${limits} }
`,
    'law-base.yaml',
  );
}

const wide = base('clients: [1, 3], roles: [upgrader, syncer], writes: [0, 2], start: [0, 3], latency: [0, 2], listLag: [0, 4], clockSkew: [-2, 2], timestampResolution: [1, 3], free: [timestamp, tieBreak, winnerPending, syncerOrder]');
/** Small enough that exhaustive search of almost every case takes milliseconds; latency >= 1 keeps the reduction on. */
const small = base('clients: [1, 2], roles: [upgrader, syncer], writes: [0, 1], start: [0, 2], latency: [1, 2], listLag: [0, 2], clockSkew: [-1, 1], free: [timestamp, tieBreak, syncerOrder]', 'latency: 1', 80);

const phases = new Set(['ready', 'sent', 'replying', 'done']);

/** The model's own invariants in one world, given the tick of the world before it. */
function expectWellFormed(sim: Simulator, world: World, previousTick: number): void {
  // Time never goes backwards, and nothing is due in the past or committed in the future.
  expect(world.now).toBeGreaterThanOrEqual(previousTick);
  for (const slot of world.clients) if (slot.phase !== 'done') expect(slot.dueTick).toBeGreaterThanOrEqual(world.now);
  // Every lock file has an owner, a client, and it is the one its name names.
  for (const version of world.files) {
    expect(version.commitTick).toBeLessThanOrEqual(world.now);
    const owner = sim.clientIds[version.writer];
    expect(owner, `${version.name} has an owner`).toBeDefined();
    const kind = lockKindOf({ name: version.name, owner: owner!, body: null, mtimeTicks: 0, clientStampTicks: 0, version: 0 });
    if (kind !== null) expect(version.name).toBe(`locks/${kind}-${owner}`);
  }
  // Each client is in exactly one state: one phase, and the fields that phase implies.
  expect(world.clients.length).toBe(sim.clientIds.length);
  for (const slot of world.clients) {
    expect(phases.has(slot.phase), `phase ${slot.phase}`).toBe(true);
    expect(slot.request !== null, `a request is in flight exactly when sent or replying (${slot.phase})`).toBe(slot.phase === 'sent' || slot.phase === 'replying');
    if (slot.phase !== 'replying') expect(slot.reply).toBeNull();
    if (slot.phase === 'done') {
      expect(slot.section).toBeNull();
      expect(slot.outcome).not.toBeNull();
    }
    if (slot.section !== null) expect(sim.protocol.sections).toContain(slot.section);
  }
}

describe('(a) the model\'s invariants', () => {
  test.prop([fuzzCaseArbitrary(wide, wide.fuzz!)], { numRuns: 150 })('hold in every state of every fuzzed run: lock files have owners, time never goes backwards, each client is in one state', ({ scenario, choices }) => {
    const { sim } = prepare(scenario);
    const chooser = new ListChooser(choices);
    let world = sim.init(chooser);
    expectWellFormed(sim, world, 0);
    for (let step = 0; step < scenario.explore.maxDepth && !sim.isFinished(world); step += 1) {
      const next = sim.step(world, chooser);
      expectWellFormed(sim, next, world.now);
      world = next;
    }
  });

  test.prop([fuzzCaseArbitrary(small, small.fuzz!).map((fuzzCase) => fuzzCase.scenario)], { numRuns: 10 })('hold in every reachable state of small fuzzed scenarios (breadth-first, up to 2,000 states)', (scenario) => {
    const { sim } = prepare(scenario);
    const encoder = sim.encoder();
    const seen = new Set<string>();
    const out = new Uint32Array(2);
    let frontier: World[] = [];
    const admit = (world: World, previousTick: number, next: World[]) => {
      expectWellFormed(sim, world, previousTick);
      encoder.fingerprint(world, out);
      const key = `${out[0]}:${out[1]}`;
      if (seen.has(key) || seen.size >= 2_000) return;
      seen.add(key);
      next.push(world);
    };
    enumerateChoices((chooser) => sim.init(chooser), (world) => admit(world, 0, frontier));
    for (let depth = 0; depth < scenario.explore.maxDepth && frontier.length > 0; depth += 1) {
      const next: World[] = [];
      for (const world of frontier) {
        if (sim.isFinished(world)) continue;
        enumerateChoices((chooser) => sim.step(world, chooser), (successor) => admit(successor, world.now, next));
      }
      frontier = next;
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});

/**
 * The probability that one uniform random run (RandomChooser: 1/count per
 * real choice) reaches a violation, computed exactly over the reachable
 * states: the future of a run depends only on its state, so the probability
 * from a state is memoised by its fingerprint. States deeper than maxDepth
 * count as 0 and are not memoised, so the result is a lower bound.
 */
function violationProbability(sim: Simulator, properties: Parameters<typeof firstViolation>[2], maxDepth: number): number {
  const encoder = sim.encoder();
  const out = new Uint32Array(2);
  const memo = new Map<string, number>();
  const weighted = <T>(body: (chooser: Chooser) => T): { result: T; probability: number }[] => {
    const successors: { result: T; probability: number }[] = [];
    let probability = 1;
    enumerateChoices(
      (chooser) => {
        probability = 1;
        const measuring: Chooser = {
          pick(count, what, candidates) {
            probability /= count;
            return chooser.pick(count, what, candidates);
          },
        };
        return body(measuring);
      },
      (result) => successors.push({ result, probability }),
    );
    return successors;
  };
  const from = (world: World, depth: number): { probability: number; exact: boolean } => {
    if (firstViolation(world, sim.clientIds, properties) !== null) return { probability: 1, exact: true };
    if (sim.isFinished(world)) return { probability: 0, exact: true };
    if (depth >= maxDepth) return { probability: 0, exact: false };
    encoder.fingerprint(world, out);
    const key = `${out[0]}:${out[1]}`;
    const known = memo.get(key);
    if (known !== undefined) return { probability: known, exact: true };
    let probability = 0;
    let exact = true;
    for (const next of weighted((chooser) => sim.step(world, chooser))) {
      const below = from(next.result, depth + 1);
      probability += next.probability * below.probability;
      exact &&= below.exact;
    }
    if (exact) memo.set(key, probability);
    return { probability, exact };
  };
  let total = 0;
  for (const start of weighted((chooser) => sim.init(chooser))) total += start.probability * from(start.result, 0).probability;
  return total;
}

/**
 * Small fuzzed scenarios are nearly all safe, so half the cases are the
 * unsafe fixtures with their ranges narrowed at random (a fuzz section of
 * `{}`: part of the fixture), about half of which stay unsafe.
 */
const nearUnsafe = fc
  .constantFrom(...Object.entries(violating).map(([name, fixture]) => pendingLockScenario(name, fixture.body)))
  .chain((fixture) => fc.noBias(fuzzCaseArbitrary(fixture, fuzzSpecOf(fixture, 'fixture.yaml'))));
const smallOrNearUnsafe = fc.oneof(fuzzCaseArbitrary(small, small.fuzz!), nearUnsafe).map((fuzzCase) => fuzzCase.scenario);

describe('(b) random mode agrees with exhaustive mode', () => {
  const runs = 2_000;
  let unsafeChecked = 0;

  // A fixed seed: the companion test below needs this property to have drawn unsafe scenarios, which a
  // random seed does only most of the time.
  test.prop([smallOrNearUnsafe, fc.nat(1_000)], { numRuns: 24, seed: 1 })(
    `no violation at random (uniform or PCT) where exhaustive search proves safe; one within ${runs} uniform runs where a run violates with probability >= 20/${runs}`,
    (scenario, seed) => {
      const { sim, properties } = prepare(scenario);
      const proof = exploreExhaustive(sim, properties, { maxStates: 10_000, maxDepth: scenario.explore.maxDepth });
      if (proof.verdict === 'incomplete') return;
      const limits = { runs, maxDepth: scenario.explore.maxDepth, seed: String(seed) };
      if (proof.verdict === 'safe') {
        expect(exploreRandom(sim, properties, { ...limits, runs: 300 }).verdict).toBe('incomplete');
        expect(exploreRandom(sim, properties, { ...limits, runs: 300, scheduler: 'pct', pctDepth: 2 }).verdict).toBe('incomplete');
        return;
      }
      // A miss then has probability at most (1 - 20/runs)^runs < e^-20.
      if (violationProbability(sim, properties, scenario.explore.maxDepth) * runs < 20) return;
      unsafeChecked += 1;
      expect(exploreRandom(sim, properties, limits).verdict).toBe('violation');
    },
  );

  test('and the unsafe side was exercised', () => {
    // Kept apart so that a run of the property that happened to draw only safe scenarios says so.
    expect(unsafeChecked).toBeGreaterThan(0);
  });

  test.each(Object.entries(violating))('on the small unsafe fixture %s, random mode finds a violation, uniform and PCT alike', (name, fixture) => {
    const scenario = pendingLockScenario(name, fixture.body);
    const { sim, properties } = prepare(scenario);
    for (const scheduler of ['uniform', 'pct'] as const) {
      const result = exploreRandom(sim, properties, { runs: 20_000, maxDepth: 300, seed: '1', scheduler, pctDepth: 2 });
      expect(result.counterexample?.property, scheduler).toBe(fixture.property);
    }
  });
});

const lawFuzzBase = base('clients: [1, 3], roles: [upgrader, syncer], start: [0, 3], latency: [1, 2], listLag: [0, 4], clockSkew: [-2, 2], free: [timestamp, tieBreak, syncerOrder]');

describe('(c) every trace the fuzzer writes replays', () => {
  test.prop([fc.nat(10_000)], { numRuns: 3 })('the minimal scenario, written and loaded again, checks to the same violation; its trace replays step for step; so does the fuzzed run', (seed) => {
    const result = fuzzScenario(lawFuzzBase, lawFuzzBase.fuzz!, { seed: String(seed), path: null, budget: { runs: 3_000, timeMs: null }, shrinkRunsMax: 300 });
    if (result.found === null) return;
    const found = result.found;
    const file = 'out/law.min.yaml';
    const reproduction = minimalReproduction(found, lawFuzzBase, lawFuzzBase.fuzz!, 'law minimal', file);
    expect(replayTrace(reproduction.trace)).toMatchObject({ same: true, property: found.property });
    const loaded = loadScenarioText(scenarioYaml(reproduction.scenario, 'a comment'), file);
    expect(loaded).toStrictEqual(reproduction.scenario);
    const checked = explore(prepare(loaded), file);
    expect(checked.result.counterexample?.property).toBe(found.property);
    // The fuzzed run itself, from its recorded answers.
    const { sim, properties } = prepare(found.fuzzCase.scenario);
    const fuzzed = buildTrace(sim, properties, found.answers, found.steps, { scenarioFile: null, mode: 'random', seed: null, run: null });
    expect(replayTrace(fuzzed)).toMatchObject({ same: true, property: found.property });
  });
});

/** Junk, mostly near a scenario: real field names with wrong values, fuzz sections of every shape. */
const nearScenario = fc.record(
  {
    name: fc.oneof(fc.string(), fc.jsonValue()),
    protocol: fc.oneof(fc.constant({ name: 'pending-lock' }), fc.record({ name: fc.constantFrom('pending-lock', 'nope'), tieBreak: fc.jsonValue() }), fc.jsonValue()),
    clients: fc.oneof(fc.constant([{ id: 'A', role: 'upgrader' }]), fc.jsonValue()),
    store: fc.oneof(fc.constant({}), fc.jsonValue()),
    explore: fc.oneof(fc.record({ scheduler: fc.jsonValue(), pctDepth: fc.jsonValue(), seed: fc.jsonValue() }, { requiredKeys: [] }), fc.jsonValue()),
    fuzz: fc.oneof(
      fc.record(
        {
          clients: fc.oneof(fc.constant(null), fc.jsonValue(), fc.tuple(fc.integer({ min: -2, max: 30 }), fc.integer({ min: -2, max: 30 }))),
          roles: fc.oneof(fc.constant(['upgrader', 'syncer']), fc.array(fc.string()), fc.jsonValue()),
          latency: fc.oneof(fc.nat(5), fc.jsonValue()),
          clockSkew: fc.oneof(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })), fc.jsonValue()),
          timestampResolution: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.jsonValue()),
          free: fc.oneof(
            fc.constant(['timestamp', 'tieBreak']),
            fc.constant(['pollInterval']),
            fc.dictionary(fc.constantFrom('timestamp', 'pollInterval', 'name', 'other'), fc.array(fc.jsonValue())),
            fc.array(fc.string()),
            fc.jsonValue(),
          ),
          other: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

/** The scenario, or the InputError; anything else thrown fails the test. */
function loadOrInputError(text: string): Scenario | InputError {
  try {
    return loadScenarioText(text, 'any.yaml');
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`loadScenarioText threw a non-InputError: ${String(error)}`);
    expect(error.message).not.toMatch(/[\r\n]/);
    return error;
  }
}

describe('(d) the scenario loader, given anything, throws nothing but its own validation error', () => {
  test.prop([fc.string({ unit: 'binary', maxLength: 400 })])('for any text', (text) => {
    loadOrInputError(text);
  });

  test.prop([fc.jsonValue()])('for any JSON value, as JSON text and as YAML', (value) => {
    loadOrInputError(JSON.stringify(value) ?? 'null');
    loadOrInputError(stringify(value));
  });

  test.prop([nearScenario])('for near-scenarios with fuzz sections; and what loads, loads again to itself', (value) => {
    const loaded = loadOrInputError(stringify(value));
    if (loaded instanceof InputError) return;
    expect(parseScenario(loaded, 'again.yaml')).toStrictEqual(loaded);
  });

  test.prop([nearScenario, fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 4 })])('for near-scenario YAML with characters inserted anywhere', (value, inserts) => {
    let text = stringify(value);
    for (const [at, insert] of inserts) {
      const position = text.length === 0 ? 0 : at % text.length;
      text = `${text.slice(0, position)}${insert}${text.slice(position)}`;
    }
    loadOrInputError(text);
  });
});
