// The fuzz loop's contract: determinism by seed (numbers and commit hashes),
// exact replay by path, budgets, shrinking within the limits; and the small
// parts it is made of (the list chooser, seeds, the fuzz section).

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fuzzCaseArbitrary } from '../../../sim/fuzz/fuzzCaseArbitrary.ts';
import { fuzzScenario } from '../../../sim/fuzz/fuzzScenario.ts';
import { fastCheckSeed, parseSeed } from '../../../sim/fuzz/fuzzSeed.ts';
import { fuzzSpecOf } from '../../../sim/fuzz/fuzzSpecOf.ts';
import { ListChooser } from '../../../sim/fuzz/listChooser.ts';
import { minimiseScenario } from '../../../sim/fuzz/minimiseScenario.ts';
import { reproduceCommand, shellWord } from '../../../sim/fuzz/reproduceCommand.ts';
import { InputError, loadScenarioText, parseScenario, type Scenario } from '../../../sim/scenario/index.ts';

const baseText = `name: fuzz test base
protocol: { name: pending-lock }
clients: [{ id: A, role: upgrader }, { id: B, role: upgrader }]
store: { latency: 1 }
properties: [mutualExclusion]
fuzz:
  clients: [1, 3]
  roles: [upgrader, syncer]
  start: [0, 3]
  latency: [1, 2]
  listLag: [0, 4]
  clockSkew: [-2, 2]
  free: [timestamp, tieBreak]
`;
const base = loadScenarioText(baseText, 'fuzz-base.yaml');
const spec = base.fuzz!;
const budget = { runs: 400, timeMs: null };

describe('fuzzScenario', () => {
  test('finds a two-EXCLUSIVE violation and shrinks it within the limits to two clients', () => {
    const result = fuzzScenario(base, spec, { seed: '1', path: null, budget });
    expect(result.found).not.toBeNull();
    const found = result.found!;
    expect(found.property).toBe('mutualExclusion');
    expect(found.fuzzCase.scenario.clients.length).toBeGreaterThanOrEqual(spec.clients![0]);
    expect(found.fuzzCase.scenario.clients.length).toBeLessThanOrEqual(2);
    for (const field of ['latency', 'listLag', 'clockSkew'] as const) {
      const range = found.fuzzCase.scenario.store[field];
      expect(range[0]).toBeGreaterThanOrEqual(spec[field][0]);
      expect(range[1]).toBeLessThanOrEqual(spec[field][1]);
    }
  });

  test('is deterministic: the same seed gives the same case, path and answers', () => {
    const first = fuzzScenario(base, spec, { seed: '7', path: null, budget });
    const second = fuzzScenario(base, spec, { seed: '7', path: null, budget });
    expect(second.runs).toBe(first.runs);
    expect(second.found?.path).toBe(first.found?.path);
    expect(second.found?.answers).toStrictEqual(first.found?.answers);
    expect(second.found?.fuzzCase).toStrictEqual(first.found?.fuzzCase);
  });

  test('a 40-hex commit hash is a seed like any other, and the budget does not change what is found first', () => {
    const hash = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
    const small = fuzzScenario(base, spec, { seed: hash, path: null, budget });
    const large = fuzzScenario(base, spec, { seed: hash, path: null, budget: { runs: 5_000, timeMs: null } });
    expect(small.found).not.toBeNull();
    expect(large.found?.path).toBe(small.found?.path);
    expect(large.runs).toBe(small.runs);
  });

  test('the printed path replays exactly the minimal case, with no search and no further shrinking', () => {
    const searched = fuzzScenario(base, spec, { seed: '3', path: null, budget });
    const found = searched.found!;
    const replayed = fuzzScenario(base, spec, { seed: '3', path: found.path, budget });
    expect(replayed.diverged).toBeNull();
    expect(replayed.found?.fuzzCase).toStrictEqual(found.fuzzCase);
    expect(replayed.found?.answers).toStrictEqual(found.answers);
    expect(replayed.found?.path).toBe(found.path);
  });

  test('a path that leads to no violation is reported as diverged, not thrown', () => {
    const safeBase = loadScenarioText(baseText.replace('properties: [mutualExclusion]', 'properties: [exclusiveExcludesSync]').replace('roles: [upgrader, syncer]', 'roles: [upgrader]'), 'safe.yaml');
    const result = fuzzScenario(safeBase, safeBase.fuzz!, { seed: '1', path: '0', budget });
    expect(result.found).toBeNull();
    expect(result.diverged).toMatch(/leads to no violation/);
  });

  test('with nothing to find, it runs the whole budget and reports no violation', () => {
    const safe = loadScenarioText(
      `protocol: { name: pending-lock, timestamp: server }
clients: [{ id: A, role: upgrader }, { id: B, role: upgrader, start: [0, 2] }]
store: { latency: 1 }
`,
      'strong.yaml',
    );
    const result = fuzzScenario(safe, fuzzSpecOf(safe, 'strong.yaml'), { seed: '1', path: null, budget: { runs: 60, timeMs: null } });
    expect(result.found).toBeNull();
    expect(result.runs).toBe(60);
    expect(result.interrupted).toBe(false);
  });
});

describe('the fuzz section', () => {
  test('without one, the base clients are kept and nothing widens: every case is part of the base scenario', () => {
    const plain = loadScenarioText(baseText.replace(/fuzz:[\s\S]*$/, ''), 'plain.yaml');
    const plainSpec = fuzzSpecOf(plain, 'plain.yaml');
    expect(plainSpec.clients).toBeNull();
    expect(plainSpec.free).toStrictEqual({});
    for (const fuzzCase of fc.sample(fuzzCaseArbitrary(plain, plainSpec), { numRuns: 50, seed: 1 })) {
      const { scenario } = fuzzCase;
      expect(scenario.clients.map((client) => [client.id, client.role, client.writes])).toStrictEqual(plain.clients.map((client) => [client.id, client.role, client.writes]));
      expect(scenario.protocol).toStrictEqual(plain.protocol);
      for (const field of ['latency', 'listLag', 'clockSkew'] as const) {
        expect(scenario.store[field][0]).toBeGreaterThanOrEqual(plain.store[field][0]);
        expect(scenario.store[field][1]).toBeLessThanOrEqual(plain.store[field][1]);
      }
    }
  });

  test('absent fields take the scenario\'s own values, and the normalized section loads again to itself', () => {
    const scenario = loadScenarioText(
      `protocol: { name: pending-lock, tieBreak: strict }
clients: [{ id: A, role: syncer, writes: 2, start: [1, 2] }, { id: B, role: upgrader }]
store: { latency: [1, 3], clockSkew: [0, 1], timestampResolution: 2 }
fuzz: { clients: [2, 4], free: { pollInterval: [1, 3] } }
`,
      'x.yaml',
    );
    expect(scenario.fuzz).toStrictEqual({
      clients: [2, 4],
      roles: ['upgrader', 'syncer'],
      writes: [1, 2],
      start: [0, 2],
      latency: [1, 3],
      listLag: [0, 0],
      clockSkew: [0, 1],
      timestampResolution: [2, 2],
      free: { pollInterval: [1, 3] },
    });
    expect(parseScenario(scenario, 'again.yaml')).toStrictEqual(scenario);
    expect(parseScenario(JSON.parse(JSON.stringify(scenario)), 'trace.json')).toStrictEqual(scenario);
  });

  test.each([
    ['fuzz: { roles: [writer] }', /fuzz\.roles\[0\]: unknown role "writer"; expected one of upgrader, syncer$/],
    ['fuzz: { roles: [upgrader, upgrader] }', /fuzz\.roles\[1\]: duplicate role/],
    ['fuzz: { clients: [0, 2] }', /fuzz\.clients\[0\]: expected an integer >= 1; got 0/],
    ['fuzz: { clients: [1, 27] }', /fuzz\.clients: expected a range \[min, max\] with max <= 26/],
    ['fuzz: { latency: [3, 1] }', /fuzz\.latency: expected a range \[min, max\] with min <= max/],
    ['fuzz: { free: [pollInterval] }', /fuzz\.free\[0\]: option "pollInterval" has values that cannot be listed/],
    ['fuzz: { free: [name] }', /fuzz\.free\[0\]: unknown protocol option "name"/],
    ['fuzz: { free: { tieBreak: [sideways] } }', /fuzz\.free\.tieBreak\[0\]: expected a valid value of protocol option tieBreak; got "sideways"/],
    ['fuzz: { clent: [1, 2] }', /fuzz\.clent: unknown field "clent"; expected one of clients, roles/],
    ['explore: { scheduler: fair }', /explore\.scheduler: expected one of uniform, pct; got "fair"/],
    ['explore: { pctDepth: 65 }', /explore\.pctDepth: expected an integer in \[1, 64\]; got 65/],
  ])('%s is one InputError line naming the field', (section, message) => {
    const text = `protocol: { name: pending-lock }\nclients: [{ id: A, role: upgrader }]\nstore: {}\n${section}\n`;
    let error: unknown;
    try {
      loadScenarioText(text, 'bad.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^bad\.yaml:4: /);
    expect((error as InputError).message).toMatch(message);
  });
});

describe('ListChooser', () => {
  test.prop([fc.array(fc.nat(1_000)), fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 })])(
    'answers list[i] mod count in range, takes nothing for a forced choice, and answers 0 past the end',
    (list, counts) => {
      const chooser = new ListChooser(list);
      let next = 0;
      for (const count of counts) {
        const answer = chooser.pick(count, 'q');
        if (count === 1 || next >= list.length) {
          expect(answer).toBe(0);
        } else {
          expect(answer).toBe(list[next]! % count);
          next += 1;
        }
      }
      expect(chooser.consumed).toBe(next);
    },
  );
});

describe('seeds', () => {
  test.prop([fc.oneof(fc.nat().map(String), fc.stringMatching(/^[0-9a-fA-F]{40}$/))])('every number or commit hash is a seed, and maps to one 32-bit fast-check seed', (text) => {
    const seed = parseSeed(text, '--seed');
    expect(seed).toBe(text.toLowerCase());
    const fast = fastCheckSeed(seed);
    expect(Number.isInteger(fast) && fast >= -(2 ** 31) && fast < 2 ** 31).toBe(true);
    expect(fastCheckSeed(seed)).toBe(fast);
  });

  test.each(['', '-1', '1.5', 'abc', '4b825dc642cb6eb9a060e54bf8d69288fbee490', 'HEAD'])('%j is not a seed: an InputError', (text) => {
    expect(() => parseSeed(text, '--seed')).toThrow(InputError);
  });
});

describe('reproduce command', () => {
  test('names the base, the seed and the path; quotes what a shell would split', () => {
    expect(reproduceCommand({ file: 'scenarios/fuzz-base.yaml', seed: '42', path: '3:0:1', runs: null })).toBe('locksim fuzz scenarios/fuzz-base.yaml --seed 42 --path 3:0:1');
    expect(reproduceCommand({ file: 'my base.yaml', seed: '1', path: null, runs: 500 })).toBe(`locksim fuzz 'my base.yaml' --seed 1 --runs 500`);
    expect(shellWord(`it's`)).toBe(`'it'\\''s'`);
  });
});

describe('minimiseScenario', () => {
  test('removes clients and narrows ranges while exhaustive search still finds the violation', () => {
    const scenario: Scenario = parseScenario(
      {
        ...base,
        protocol: { ...base.protocol, tieBreak: 'strict' },
        clients: [
          { id: 'A', role: 'upgrader', writes: 1, start: [0, 1] },
          { id: 'B', role: 'syncer', writes: 1, start: [0, 0] },
          { id: 'C', role: 'upgrader', writes: 1, start: [0, 0] },
        ],
        store: { ...base.store, listLag: [0, 2] },
      },
      'big.yaml',
    );
    const minimised = minimiseScenario(scenario, 'mutualExclusion', base, spec);
    expect(minimised.confirmed).toBe(true);
    expect(minimised.scenario.clients.map((client) => client.role)).toStrictEqual(['upgrader', 'upgrader']);
    expect(minimised.scenario.store.listLag[0]).toBe(minimised.scenario.store.listLag[1]);
    expect(minimised.steps).toContain('removed client B');
  });
});
