import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InputError, loadScenario, loadScenarioText, type Scenario } from '../../../sim/scenario/index.ts';

const file = 'scenarios/x.yaml';

const fullText = `name: pending-lock, two upgraders and a syncer, list lag
protocol:
  name: pending-lock
  timestamp: server
clients:
  - { id: A, role: upgrader }
  - { id: B, role: upgrader, start: [0, 6] }
  - { id: S, role: syncer, writes: 1, start: [0, 6] }
store:
  latency: [1, 2]
  listLag: [0, 3]
  clockSkew: [-1, 2]
  timestampResolution: 1
  createIfAbsent: false
explore:
  mode: exhaustive
  maxStates: 2000000
  maxDepth: 300
  runs: 10000
  seed: 1
properties: [mutualExclusion, exclusiveExcludesSync]
expect: violation
`;

const pendingLockDefaults = {
  name: 'pending-lock',
  timestamp: 'client',
  tieBreak: 'client-id',
  winnerPending: 'keep',
  syncerOrder: 'check-then-post',
  pendingCheck: 'new-list',
  clientStampUnit: 1,
  pollInterval: 2,
  attempts: 1,
  rounds: 1,
  retryDelay: 4,
};

const fullScenario: Scenario = {
  name: 'pending-lock, two upgraders and a syncer, list lag',
  protocol: { ...pendingLockDefaults, timestamp: 'server' },
  clients: [
    { id: 'A', role: 'upgrader', writes: 1, start: [0, 0] },
    { id: 'B', role: 'upgrader', writes: 1, start: [0, 6] },
    { id: 'S', role: 'syncer', writes: 1, start: [0, 6] },
  ],
  store: { latency: [1, 2], listLag: [0, 3], clockSkew: [-1, 2], timestampResolution: 1, createIfAbsent: false, mtimeFrom: 'store' },
  faults: { pauses: 0, pause: [1, 8], crashes: 0 },
  explore: { mode: 'exhaustive', maxStates: 2_000_000, maxDepth: 300, runs: 10_000, seed: '1' },
  properties: ['mutualExclusion', 'exclusiveExcludesSync'],
  expect: 'violation',
};

const minimalText = `protocol: { name: pending-lock }
clients: [{ id: A, role: upgrader }]
store: {}
`;

/** The InputError that loading `text` throws; fails the test if it throws anything else or nothing. */
function errorOf(text: string): InputError {
  try {
    loadScenarioText(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but the scenario loaded');
}

/** The full scenario with one line replaced; asserts the line is there, so a typo here cannot pass silently. */
function fullWith(line: string, replacement: string): string {
  expect(fullText).toContain(line);
  return fullText.replace(line, replacement);
}

describe('loadScenarioText, valid input', () => {
  test('a full scenario loads as exactly the normalized value', () => {
    expect(loadScenarioText(fullText, file)).toStrictEqual(fullScenario);
  });

  test('a minimal scenario gets every default, and its name from the file', () => {
    expect(loadScenarioText(minimalText, 'some/dir/two-upgraders.yaml')).toStrictEqual({
      name: 'two-upgraders',
      protocol: pendingLockDefaults,
      clients: [{ id: 'A', role: 'upgrader', writes: 1, start: [0, 0] }],
      store: { latency: [1, 1], listLag: [0, 0], clockSkew: [0, 0], timestampResolution: 1, createIfAbsent: false, mtimeFrom: 'store' },
      faults: { pauses: 0, pause: [1, 8], crashes: 0 },
      explore: { mode: 'exhaustive', maxStates: 2_000_000, maxDepth: 300, runs: 10_000, seed: '1' },
      properties: ['mutualExclusion', 'exclusiveExcludesSync', 'fencedWrites'],
      expect: null,
    } satisfies Scenario);
  });

  test('a single number is accepted where a range is expected', () => {
    const scenario = loadScenarioText(
      `protocol: { name: pending-lock }
clients: [{ id: A, role: upgrader, start: 3 }]
store: { latency: 2, clockSkew: -1 }
`,
      file,
    );
    expect(scenario.clients[0]!.start).toStrictEqual([3, 3]);
    expect(scenario.store.latency).toStrictEqual([2, 2]);
    expect(scenario.store.clockSkew).toStrictEqual([-1, -1]);
  });

  test('a seed may be a git commit hash, kept as lowercase text', () => {
    const hash = '0123456789ABCDEF0123456789abcdef01234567';
    const scenario = loadScenarioText(`${minimalText}explore: { mode: random, seed: ${hash} }\n`, file);
    expect(scenario.explore.seed).toBe(hash.toLowerCase());
    expect(scenario.explore.mode).toBe('random');
  });

  test('defaults are fresh arrays, not shared between scenarios', () => {
    const first = loadScenarioText(minimalText, file);
    const second = loadScenarioText(minimalText, file);
    expect(first.store.latency).not.toBe(second.store.latency);
    expect(first.properties).not.toBe(second.properties);
  });
});

describe('loadScenarioText, bad input', () => {
  // Each case: the input, then the exact message (which names file, line, field path and what was expected).
  const cases: [title: string, text: () => string, message: string][] = [
    [
      'unknown top-level field',
      () => fullWith('expect: violation', 'expect: violation\nexpcet: safe'),
      'scenarios/x.yaml:23: expcet: unknown field "expcet"; expected one of name, protocol, implementation, clients, store, faults, explore, properties, expect, fuzz',
    ],
    [
      'unknown nested field',
      () => fullWith('  latency: [1, 2]', '  lattency: [1, 2]'),
      'scenarios/x.yaml:10: store.lattency: unknown field "lattency"; expected one of profile, latency, listLag, clockSkew, timestampResolution, clockPhase, createIfAbsent, mtimeFrom',
    ],
    [
      'a clock phase not below the timestamp resolution',
      () => fullWith('  timestampResolution: 1', '  timestampResolution: 4\n  clockPhase: [0, 4]'),
      'scenarios/x.yaml:14: store.clockPhase: expected phases in [0, 3], below store.timestampResolution 4; got 4',
    ],
    [
      'unknown field in a client',
      () => fullWith('{ id: A, role: upgrader }', '{ id: A, role: upgrader, rol: syncer }'),
      'scenarios/x.yaml:6: clients[0].rol: unknown field "rol"; expected one of id, role, writes, start',
    ],
    [
      'wrong type',
      () => fullWith('{ id: S, role: syncer, writes: 1,', '{ id: S, role: syncer, writes: fast,'),
      'scenarios/x.yaml:8: clients[2].writes: expected an integer >= 0; got "fast"',
    ],
    [
      'wrong type for a range',
      () => fullWith('  latency: [1, 2]', '  latency: fast'),
      'scenarios/x.yaml:10: store.latency: expected an integer >= 0 or a range [min, max]; got "fast"',
    ],
    [
      'empty range',
      () => fullWith('  latency: [1, 2]', '  latency: []'),
      'scenarios/x.yaml:10: store.latency: expected a range [min, max] of two integers >= 0; got []',
    ],
    [
      'one-element range',
      () => fullWith('  listLag: [0, 3]', '  listLag: [1]'),
      'scenarios/x.yaml:11: store.listLag: expected a range [min, max] of two integers >= 0; got [1]',
    ],
    [
      'reversed range',
      () => fullWith('  latency: [1, 2]', '  latency: [3, 1]'),
      'scenarios/x.yaml:10: store.latency: expected a range [min, max] with min <= max; got [3, 1]',
    ],
    [
      'negative bound in a range',
      () => fullWith('  latency: [1, 2]', '  latency:\n    - 1\n    - -2'),
      'scenarios/x.yaml:12: store.latency[1]: expected an integer >= 0; got -2',
    ],
    [
      'unknown protocol',
      () => fullWith('  name: pending-lock', '  name: foo'),
      'scenarios/x.yaml:3: protocol.name: unknown protocol "foo"; expected one of pending-lock, write-verify, create-exclusive, lease-fencing, joplin, or a module: ./my-protocol.ts',
    ],
    [
      'bad protocol option value',
      () => fullWith('  timestamp: server', '  tieBreak: sideways'),
      'scenarios/x.yaml:4: protocol.tieBreak: expected one of client-id, strict, loose; got "sideways"',
    ],
    [
      'unknown protocol option',
      () => fullWith('  timestamp: server', '  timestmp: server'),
      'scenarios/x.yaml:4: protocol.timestmp: unknown field "timestmp"; expected one of name, module, timestamp, tieBreak, winnerPending, syncerOrder, pendingCheck, clientStampUnit, pollInterval, attempts, rounds, retryDelay',
    ],
    [
      'unknown role',
      () => fullWith('{ id: B, role: upgrader', '{ id: B, role: writer'),
      'scenarios/x.yaml:7: clients[1].role: unknown role "writer"; expected one of upgrader, syncer',
    ],
    [
      'duplicate client id',
      () => fullWith('{ id: S,', '{ id: A,'),
      'scenarios/x.yaml:8: clients[2].id: duplicate client id "A"; expected each id once (clients[0] has it)',
    ],
    [
      'unknown property',
      () => fullWith('exclusiveExcludesSync]', 'mutualExclsion]'),
      'scenarios/x.yaml:21: properties[1]: unknown property "mutualExclsion"; expected one of mutualExclusion, exclusiveExcludesSync, fencedWrites, eventuallyExclusive, noLivelock, eventuallySync',
    ],
    [
      'duplicate property',
      () => fullWith('exclusiveExcludesSync]', 'mutualExclusion]'),
      'scenarios/x.yaml:21: properties[1]: duplicate property "mutualExclusion"; expected each property once',
    ],
    [
      'missing required field, reported at the mapping that lacks it',
      () => 'protocol: { name: pending-lock }\nstore: {}\n',
      'scenarios/x.yaml:1: clients: missing; expected a list of clients',
    ],
    ['bad seed', () => fullWith('  seed: 1', '  seed: abc'), 'scenarios/x.yaml:20: explore.seed: expected a non-negative integer or a 40-hex git commit hash; got "abc"'],
    ['not YAML', () => 'key: [unclosed\n', 'scenarios/x.yaml:1: expected YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['duplicate YAML key', () => fullWith('  timestamp: server', '  name: pending-lock'), 'scenarios/x.yaml:4: expected YAML: Map keys must be unique'],
    ['several YAML documents', () => `${minimalText}---\n${minimalText}`, 'scenarios/x.yaml:4: expected a single document'],
    ['a YAML scalar document', () => '42\n', 'scenarios/x.yaml:1: expected a mapping of scenario fields'],
    ['a YAML list document', () => '\n- a\n- b\n', 'scenarios/x.yaml:2: expected a mapping of scenario fields'],
    ['an empty file', () => '', 'scenarios/x.yaml: expected a mapping of scenario fields'],
  ];

  test.each(cases)('%s', (_title, text, message) => {
    const error = errorOf(text());
    expect(error.message).toBe(message);
    expect(error.file).toBe(file);
  });

  test('the error carries file, line and field path as fields', () => {
    const error = errorOf(fullWith('{ id: B, role: upgrader', '{ id: B, role: writer'));
    expect(error).toMatchObject({ name: 'InputError', file, line: 7, fieldPath: 'clients[1].role' });
  });

  test('an unknown field is reported before the problems it causes', () => {
    // `client` is a typo for `clients`, which is therefore missing too.
    const error = errorOf('protocol: { name: pending-lock }\nclient: [{ id: A, role: upgrader }]\nstore: {}\n');
    expect(error.fieldPath).toBe('client');
    expect(error.line).toBe(2);
  });
});

describe('loadScenario', () => {
  const directory = mkdtempSync(join(tmpdir(), 'locksim-scenario-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test('reads and validates a file', () => {
    const path = join(directory, 'full.yaml');
    writeFileSync(path, fullText);
    expect(loadScenario(path)).toStrictEqual(fullScenario);
  });

  test('names the file in errors', () => {
    const path = join(directory, 'bad.yaml');
    writeFileSync(path, fullText.replace('  latency: [1, 2]', '  latency: [3, 1]'));
    expect(() => loadScenario(path)).toThrow(`${path}:10: store.latency: expected a range [min, max] with min <= max; got [3, 1]`);
  });

  test('a file that does not exist', () => {
    const path = join(directory, 'missing.yaml');
    const error = (() => {
      try {
        loadScenario(path);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${path}: cannot read file (no such file)`);
  });

  test('a directory', () => {
    expect(() => loadScenario(directory)).toThrow(`${directory}: cannot read file (it is a directory)`);
  });
});
