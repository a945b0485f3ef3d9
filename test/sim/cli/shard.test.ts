// `--shard i/n` (issue 11): the shards of a run, one after another, do the
// unsharded run's work exactly, with no overlap and no gap: check's
// scenarios, fuzz's bases and one base's cases, sweep's cells. Bad shards
// are one line and exit 2.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../sim/cli/main.ts';
import { parseShard, shardOf, shardRange } from '../../../sim/cli/shard.ts';
import { fuzzScenario } from '../../../sim/fuzz/fuzzScenario.ts';
import { fuzzSpecOf } from '../../../sim/fuzz/fuzzSpecOf.ts';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';

const root = join(import.meta.dirname, '../../..');

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('splitting a list', () => {
  test('the shards of any list, concatenated in order, are the list, and their sizes differ by at most one', () => {
    for (let length = 0; length <= 12; length += 1) {
      const items = Array.from({ length }, (_, index) => index);
      for (let count = 1; count <= 7; count += 1) {
        const parts = Array.from({ length: count }, (_, index) => shardOf(items, { index: index + 1, count }));
        expect(parts.flat()).toStrictEqual(items);
        const sizes = parts.map((part) => part.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
    expect(shardRange(10, { index: 3, count: 3 })).toStrictEqual([7, 10]);
    expect(shardRange(1, { index: 2, count: 2 })).toStrictEqual([1, 1]);
  });

  test('reads i/n as vitest and Playwright write it, and rejects anything else with what it expected', () => {
    expect(parseShard('2/3')).toStrictEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '1/2/3', '-1/3', '1/1001']) {
      expect(() => parseShard(bad)).toThrow(InputError);
    }
    expect(() => parseShard('4/3')).toThrow('--shard: expected i/n, the shard to run and how many there are, with 1 <= i <= n <= 1000 (e.g. 2/3); got shard 4 of 3');
  });

  test('a bad --shard on any command is one line and exit 2, before any work', async () => {
    const scenario = join(root, 'scenarios/matrix-create-exclusive-strong.yaml');
    for (const args of [['check', scenario, '--shard', '4/3'], ['fuzz', scenario, '--runs', '1', '--shard', '0/2'], ['sweep', scenario, '--param', 'store.listLag=0..1', '--shard', 'x']]) {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.out).toStrictEqual([]);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(/^locksim: --shard: expected i\/n/);
    }
  });
});

describe('check --shard', () => {
  const files = [
    'scenarios/matrix-create-exclusive-strong.yaml',
    'scenarios/write-verify-ttl-strong.yaml',
    'examples/check-then-put/strong-store.yaml',
    'scenarios/matrix-create-exclusive-list-lag.yaml',
    'scenarios/matrix-create-exclusive-crash.yaml',
  ].map((file) => join(root, file));

  /** A JSON line without its timing, the one field that differs between two runs. */
  const untimed = (line: string) => {
    const value = JSON.parse(line) as { stats: { elapsedMs?: number } };
    delete value.stats.elapsedMs;
    return value;
  };

  test('three shards check the unsharded run\'s scenarios, each once, in order, with the same results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'locksim-shard-check-'));
    const whole = await run('check', ...files, '--json', '--workers', '1', '--out', out);
    const shards = [];
    for (const index of [1, 2, 3]) shards.push(await run('check', ...files, '--json', '--workers', '1', '--out', out, '--shard', `${index}/3`));
    expect(shards.map((shard) => shard.out.length)).toStrictEqual([2, 2, 1]);
    expect(shards.flatMap((shard) => shard.out).map(untimed)).toStrictEqual(whole.out.map(untimed));
    expect(shards.map((shard) => shard.code)).toStrictEqual(shards.map((shard) => (shard.out.some((line) => JSON.parse(line).passed === false) ? 1 : 0)));
  });

  test('a shard with no scenarios says so on stderr and passes', async () => {
    const result = await run('check', files[0]!, '--shard', '2/2', '--out', mkdtempSync(join(tmpdir(), 'locksim-shard-empty-')));
    expect(result).toStrictEqual({ code: 0, out: [], err: ['check: shard 2/2 has no scenarios (1 over 2 shards)'] });
  });
});

describe('fuzz --shard', () => {
  const file = join(root, 'scenarios/matrix-create-exclusive-strong.yaml');
  const base = loadScenario(file);
  const spec = fuzzSpecOf(base, file);

  function casesOf(shard: { index: number; count: number } | null): { tried: Map<number, string>; generated: number; runs: number } {
    const tried = new Map<number, string>();
    const result = fuzzScenario(base, spec, {
      seed: '11',
      path: null,
      budget: { runs: 45, timeMs: null },
      searches: false,
      shard,
      onCase: (fuzzCase, index) => {
        expect(tried.has(index)).toBe(false);
        tried.set(index, JSON.stringify(fuzzCase));
      },
    });
    expect(result.found).toBeNull();
    return { tried, generated: result.generated, runs: result.runs };
  }

  test('3 shards of one base try exactly the unsharded run\'s cases: each case once, the same case at the same index', () => {
    const whole = casesOf(null);
    expect(whole.tried.size).toBe(46); // the base case and 45 generated ones
    const shards = [1, 2, 3].map((index) => casesOf({ index, count: 3 }));
    const union = new Map<number, string>();
    for (const shard of shards) {
      expect(shard.generated).toBe(45);
      for (const [index, text] of shard.tried) {
        expect(union.has(index)).toBe(false);
        union.set(index, text);
      }
    }
    expect([...union.entries()].sort((a, b) => a[0] - b[0])).toStrictEqual([...whole.tried.entries()].sort((a, b) => a[0] - b[0]));
    // Generated cases go round the shards; the base case is shard 1's.
    expect(shards.map((shard) => shard.runs)).toStrictEqual([15, 15, 15]);
    expect(shards[0]!.tried.has(-1)).toBe(true);
  });

  test('several bases are split between the shards; the reproduce line of one base\'s shard names the shard', async () => {
    const files = ['scenarios/matrix-create-exclusive-strong.yaml', 'scenarios/write-verify-ttl-strong.yaml', 'scenarios/matrix-create-exclusive-strong-syncer.yaml'].map((name) => join(root, name));
    const out = mkdtempSync(join(tmpdir(), 'locksim-shard-fuzz-'));
    const lines = async (...args: string[]) => (await run('fuzz', ...args, '--runs', '3', '--json', '--out', out)).out.map((line) => JSON.parse(line).scenario as string);
    const whole = await lines(...files);
    const parts = [await lines(...files, '--shard', '1/2'), await lines(...files, '--shard', '2/2')];
    expect(parts.flat()).toStrictEqual(whole);
    expect(parts.map((part) => part.length)).toStrictEqual([2, 1]);
    const one = await run('fuzz', files[0]!, '--runs', '6', '--shard', '2/3', '--out', out);
    expect(one.code).toBe(0);
    expect(one.out.join('\n')).toContain(`no violation in 2 fuzz cases (seed 1, this shard's 2 of 6; the whole run budget)`);
    expect(one.out.join('\n')).toContain(`reproduce: locksim fuzz ${files[0]} --seed 1 --runs 6 --shard 2/3`);
  });
});

describe('sweep --shard', () => {
  test("the shards' CSV lines, concatenated, are the unsharded sweep's CSV", async () => {
    const out = mkdtempSync(join(tmpdir(), 'locksim-shard-sweep-'));
    const file = join(root, 'examples/sweeps/write-verify-lag.yaml');
    const params = ['--param', 'store.listLag=2..4', '--param', 'protocol.verifyDelay=0..1', '--jobs', '1'];
    const whole = await run('sweep', file, ...params, '--csv', join(out, 'whole.csv'));
    expect(whole.code).toBe(0);
    const csv = readFileSync(join(out, 'whole.csv'), 'utf8');
    const texts: string[] = [];
    for (const index of [1, 2, 3, 4]) {
      const shard = await run('sweep', file, ...params, '--shard', `${index}/4`);
      expect(shard.code).toBe(0);
      texts.push(shard.out.map((line) => `${line}\n`).join(''));
    }
    expect(texts.join('')).toBe(csv);
    expect(csv.split('\n').filter((line) => line !== '')).toHaveLength(7);
    const plotted = await run('sweep', file, ...params, '--plot', '--shard', '1/2');
    expect(plotted.code).toBe(2);
    expect(plotted.err[0]).toMatch(/^locksim: --shard: expected no --plot with --shard/);
  });
});
