// parseScenario on values that did not come from YAML: arbitrary JSON (a
// trace's embedded scenario) and its own output (replay re-validates it).

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { InputError, parseScenario, type Scenario } from '../../../sim/scenario/index.ts';

const file = 'trace.json';

/** The scenario, or the InputError; any other throw fails the test. */
function attempt(value: unknown): Scenario | InputError {
  try {
    return parseScenario(value, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`parseScenario threw a non-InputError: ${String(error)}`);
    expect(error.message).not.toMatch(/[\r\n]/);
    return error;
  }
}

// Values that are valid, or nearly: each field mostly valid, sometimes
// plausibly wrong, sometimes junk, so that a fair share of values pass every
// check and the rest fail at every stage of validation.
const junk = fc.jsonValue({ maxDepth: 3 });
const pick = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: invalid }, { weight: 1, arbitrary: junk });
/** Rarely present: an unknown field, a misspelling of a real one. */
const rarely = fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk });
const withTypo = <T extends object>(record: fc.Arbitrary<T>, typo: string) =>
  fc.tuple(record, rarely).map(([value, extra]) => (extra === undefined ? value : { ...value, [typo]: extra }));
const sortedPair = fc.tuple(fc.nat(6), fc.nat(6)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
const range = pick(fc.oneof(fc.nat(6), sortedPair), fc.constantFrom(-1, [], [1], [3, 1], [-1, 2], [1, 2, 3], 1.5));

const plausibleClient = (id: string) =>
  withTypo(
    fc.record(
      {
        id: pick(fc.constant(id), fc.constantFrom('A', 'bad id', '')),
        role: pick(fc.constantFrom('upgrader', 'syncer'), fc.constantFrom('writer', '')),
        writes: pick(fc.nat(3), fc.constant(-1)),
        start: range,
      },
      { requiredKeys: ['id', 'role'] },
    ),
    'strt',
  );
const plausibleClients = fc
  .uniqueArray(fc.constantFrom('A', 'B', 'C', 'S'), { minLength: 1, maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map(plausibleClient)));

const plausibleScenario = withTypo(
  fc.record(
    {
      name: pick(fc.string({ minLength: 1 }), fc.constant('')),
      protocol: pick(
        withTypo(
          fc.record(
            {
              name: pick(fc.constant('pending-lock'), fc.constant('other')),
              timestamp: pick(fc.constantFrom('client', 'server'), fc.constant('atomic')),
              tieBreak: pick(fc.constantFrom('client-id', 'strict', 'loose'), fc.constant('sideways')),
              pollInterval: pick(fc.integer({ min: 1, max: 4 }), fc.constant(0)),
            },
            { requiredKeys: ['name'] },
          ),
          'tiebreak',
        ),
        fc.constant('pending-lock'),
      ),
      clients: pick(plausibleClients, fc.constantFrom([], {})),
      store: pick(
        withTypo(
          fc.record(
            {
              latency: range,
              listLag: range,
              clockSkew: pick(fc.oneof(fc.integer({ min: -3, max: 3 }), sortedPair), fc.constant([1, -1])),
              timestampResolution: pick(fc.integer({ min: 1, max: 3 }), fc.constant(0)),
              createIfAbsent: pick(fc.boolean(), fc.constant('yes')),
            },
            { requiredKeys: [] },
          ),
          'lattency',
        ),
        fc.constant(null),
      ),
      explore: pick(
        fc.record(
          {
            mode: pick(fc.constantFrom('exhaustive', 'random'), fc.constant('smart')),
            maxStates: pick(fc.integer({ min: 1, max: 10 }), fc.constant(0)),
            seed: pick(fc.oneof(fc.nat(), fc.stringMatching(/^[0-9a-f]{40}$/)), fc.constantFrom(-1, 'abc')),
          },
          { requiredKeys: [] },
        ),
        fc.constant([]),
      ),
      properties: pick(
        fc.subarray(['mutualExclusion', 'exclusiveExcludesSync'], { minLength: 1 }),
        fc.constantFrom([], ['liveness'], ['mutualExclusion', 'mutualExclusion']),
      ),
      expect: pick(fc.constantFrom('violation', 'safe', null), fc.constant('maybe')),
    },
    { requiredKeys: ['protocol', 'clients', 'store'] },
  ),
  'client',
);

// Valid by construction, so that idempotence is checked on many scenarios.
const validRange = fc.tuple(fc.nat(5), fc.nat(5)).map(([a, b]) => (a === b ? a : [Math.min(a, b), Math.max(a, b)]));
const validScenario = fc.record(
  {
    name: fc.string({ minLength: 1 }),
    protocol: fc.record(
      { name: fc.constant('pending-lock'), timestamp: fc.constantFrom('client', 'server'), attempts: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: ['name'] },
    ),
    clients: fc
      .uniqueArray(fc.constantFrom('A', 'B', 'C', 'S'), { minLength: 1, maxLength: 4 })
      .chain((ids) => fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), role: fc.constantFrom('upgrader', 'syncer'), start: validRange }, { requiredKeys: ['id', 'role'] })))),
    store: fc.record({ latency: validRange, clockSkew: fc.integer({ min: -3, max: 3 }) }, { requiredKeys: [] }),
    explore: fc.record({ mode: fc.constantFrom('exhaustive', 'random'), seed: fc.oneof(fc.nat(), fc.stringMatching(/^[0-9A-Fa-f]{40}$/)) }, { requiredKeys: [] }),
    expect: fc.constantFrom('violation', 'safe', null),
  },
  { requiredKeys: ['protocol', 'clients', 'store'] },
);

describe('parseScenario', () => {
  test.prop([fc.anything()])('throws nothing but InputError for any value', (value) => {
    attempt(value);
  });

  test.prop([fc.jsonValue()])('throws nothing but InputError for any JSON value', (value) => {
    attempt(value);
  });

  test.prop([plausibleScenario])('on near-valid scenarios: a scenario that re-parses to itself, or an InputError', (value) => {
    const result = attempt(value);
    if (!(result instanceof InputError)) expect(parseScenario(result, file)).toStrictEqual(result);
  });

  test.prop([validScenario])('is idempotent, also through JSON as a trace embeds it', (value) => {
    const once = parseScenario(value, file);
    expect(parseScenario(once, file)).toStrictEqual(once);
    expect(parseScenario(JSON.parse(JSON.stringify(once)), file)).toStrictEqual(once);
  });

  test('without lineOf, errors have no line', () => {
    const error = attempt({ protocol: { name: 'pending-lock' }, clients: [{ id: 'A', role: 'writer' }], store: {} });
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('trace.json: clients[0].role: unknown role "writer"; expected one of upgrader, syncer');
  });

  test('a whole value of the wrong kind', () => {
    for (const [value, got] of [[null, 'null'], [[], '[]'], ['x', '"x"'], [3, '3']] as const) {
      expect(() => parseScenario(value, file)).toThrow(`trace.json: expected a mapping of scenario fields; got ${got}`);
    }
  });

  test('lineOf is asked for the failing path', () => {
    const asked: (string | number)[][] = [];
    const lineOf = (path: (string | number)[]) => {
      asked.push(path);
      return 42;
    };
    const value = { protocol: { name: 'pending-lock', tieBreak: 'sideways' }, clients: [{ id: 'A', role: 'upgrader' }], store: {} };
    expect(() => parseScenario(value, file, lineOf)).toThrow('trace.json:42: protocol.tieBreak: expected one of client-id, strict, loose; got "sideways"');
    expect(asked).toStrictEqual([['protocol', 'tieBreak']]);
  });

  test('at most 26 clients', () => {
    const clients = Array.from({ length: 27 }, (_, index) => ({ id: `C${index}`, role: 'upgrader' }));
    expect(() => parseScenario({ protocol: { name: 'pending-lock' }, clients, store: {} }, file)).toThrow(
      'trace.json: clients: expected a list of at most 26 clients; got a list of 27 items',
    );
  });
});
