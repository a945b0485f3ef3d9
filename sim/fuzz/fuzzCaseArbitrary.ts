// What fast-check generates for `locksim fuzz`: a scenario around the base
// file, within its `fuzz` limits, plus the scheduler's choices for one run.
//
// Every part shrinks towards the plainest case: fewer clients (the array
// drops them) when clients are generated, the first role listed, narrower
// ranges (both ends move towards the base file's own value), the base
// file's own value of each free protocol option, and a shorter, smaller
// list of choices.

import * as fc from 'fast-check';
import type { ClientSpec, FuzzSpec, Scenario, StoreSpec, TickRange } from '../scenario/scenario.ts';
import { parseScenario } from '../scenario/parseScenario.ts';

/**
 * One fuzz case: a concrete scenario, the choices that drive one run of it,
 * and how many states an exhaustive search of it may store.
 */
export type FuzzCase = { scenario: Scenario; choices: number[]; searchStatesMax: number };

/**
 * Search bounds, and how often each is drawn: most cases get a search of a
 * few hundred states (milliseconds), a few get tens of thousands, so that a
 * violation too rare for any listed run is still found when some narrowing
 * of the scenario is small enough to search whole, at about the cost of a
 * 2,000-state search per case on average. Shrinks towards the smallest.
 */
export const searchBounds: readonly { states: number; weight: number }[] = [
  { states: 512, weight: 90 },
  { states: 8_192, weight: 9 },
  { states: 65_536, weight: 1 },
];

/** Longest choice list: enough for runs of a few hundred steps, after which every answer is 0. */
export const choicesMax = 512;
/** Each choice is taken modulo the count asked; a larger range only adds values that repeat. */
const choiceValueMax = 255;

/** Client ids by position: A, B, C, ... (26 at most, as scenarios allow). */
export function clientIdAt(index: number): string {
  if (!(Number.isInteger(index) && index >= 0 && index < 26)) throw new Error(`fuzz: no client id for index ${index}`);
  return String.fromCharCode(65 + index);
}

/** An integer in the range that shrinks towards `target` (clamped into the range), not towards 0. */
function integerIn(range: readonly [number, number], target: number): fc.Arbitrary<number> {
  if (range[0] > range[1]) throw new Error(`fuzz: empty range [${range[0]}, ${range[1]}]`);
  if (range[0] === range[1]) return fc.constant(range[0]);
  const home = Math.min(range[1], Math.max(range[0], target));
  return fc.integer({ min: range[0] - home, max: range[1] - home }).map((offset) => home + offset);
}

/**
 * A range within the limits: two ends drawn independently, so each shrinks
 * on its own and no `chain` is needed. Both shrink towards `target`, the
 * base file's own value: what the user wrote is the plainest case (a latency
 * of 0, say, would be simpler to state but makes every ordering explorable).
 */
function rangeWithin(limits: TickRange, target: number): fc.Arbitrary<TickRange> {
  const end = integerIn(limits, target);
  return fc.tuple(end, end).map(([a, b]): TickRange => (a <= b ? [a, b] : [b, a]));
}

/** The values of a free option, the base file's own value first, since fast-check shrinks towards the first. */
function baseFirst(values: readonly unknown[], baseValue: unknown): unknown[] {
  const index = values.findIndex((value) => JSON.stringify(value) === JSON.stringify(baseValue));
  return index <= 0 ? [...values] : [values[index], ...values.slice(0, index), ...values.slice(index + 1)];
}

type Parts = {
  clients: ClientSpec[];
  store: Pick<StoreSpec, 'latency' | 'listLag' | 'clockSkew' | 'timestampResolution'>;
  options: Record<string, unknown>;
  choices: number[];
  searchStatesMax: number;
};

/** The scenario of a fuzz case: the base with generated clients, store ranges and free options. */
export function fuzzedScenario(base: Scenario, parts: Omit<Parts, 'choices' | 'searchStatesMax'>): Scenario {
  const { fuzz: _fuzz, ...rest } = base;
  const raw = {
    ...rest,
    name: `${base.name} (fuzzed)`,
    protocol: { ...base.protocol, ...parts.options },
    clients: parts.clients,
    store: { ...base.store, ...parts.store },
    expect: null,
  };
  // Validated like any file, so a generated scenario is exactly one a user could write.
  return parseScenario(raw, `${base.name} (fuzzed)`);
}

export function fuzzCaseArbitrary(base: Scenario, spec: FuzzSpec): fc.Arbitrary<FuzzCase> {
  if (spec.roles.length === 0) throw new Error('fuzz: no roles');
  // Generated clients shrink towards the base's first client.
  const writesHome = base.clients[0]!.writes;
  const startHome = base.clients[0]!.start[0];
  const clients: fc.Arbitrary<ClientSpec[]> =
    spec.clients === null
      ? // The base's own clients, each start range narrowed at most.
        fc.tuple(...base.clients.map((client) => rangeWithin(client.start, client.start[0]).map((start): ClientSpec => ({ ...client, start }))))
      : fc
          .array(fc.record({ role: fc.constantFrom(...spec.roles), writes: integerIn(spec.writes, writesHome), start: rangeWithin(spec.start, startHome) }), {
            minLength: spec.clients[0],
            maxLength: spec.clients[1],
          })
          .map((generated) => generated.map((client, index): ClientSpec => ({ id: clientIdAt(index), ...client })));
  const options: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, values] of Object.entries(spec.free)) {
    if (values.length === 0) throw new Error(`fuzz: option ${name} has no values`);
    options[name] = fc.constantFrom(...baseFirst(values, base.protocol[name]));
  }
  const parts: fc.Arbitrary<Parts> = fc.record({
    clients,
    store: fc.record({
      latency: rangeWithin(spec.latency, base.store.latency[0]),
      listLag: rangeWithin(spec.listLag, base.store.listLag[0]),
      clockSkew: rangeWithin(spec.clockSkew, base.store.clockSkew[0]),
      timestampResolution: integerIn(spec.timestampResolution, base.store.timestampResolution),
    }),
    options: fc.record(options),
    // 'medium': lists of a few dozen answers are typical, enough for the decisive early choices.
    choices: fc.array(fc.nat({ max: choiceValueMax }), { maxLength: choicesMax, size: 'medium' }),
    searchStatesMax: fc.oneof(...searchBounds.map(({ states, weight }) => ({ arbitrary: fc.constant(states), weight }))),
  });
  return parts.map(({ choices, searchStatesMax, ...rest }) => ({ scenario: fuzzedScenario(base, rest), choices, searchStatesMax }));
}
