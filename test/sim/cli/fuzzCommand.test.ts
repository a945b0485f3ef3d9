// `locksim fuzz` end to end, through the real CLI: exit codes, the minimal
// scenario and trace it writes (which check and replay reproduce), the
// reproduce command (which gives the same files), JUnit, and bad input.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../sim/cli/main.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const wideBase = `name: cli fuzz base
protocol: { name: pending-lock }
clients:
  - { id: A, role: upgrader }
  - { id: B, role: upgrader }
store: { latency: 1 }
properties: [mutualExclusion]
fuzz:
  clients: [1, 4]
  roles: [upgrader, syncer]
  start: [0, 4]
  latency: [1, 3]
  listLag: [0, 6]
  clockSkew: [-3, 3]
  timestampResolution: [1, 3]
  free: [timestamp, winnerPending, syncerOrder]
`;

const safeBase = `name: one upgrader
protocol: { name: pending-lock }
clients: [{ id: A, role: upgrader }]
store: { latency: [1, 2] }
`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'locksim-fuzz-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

type FuzzLine = {
  verdict: string;
  passed: boolean;
  property: string | null;
  path: string | null;
  seed: string;
  minimalScenario: string | null;
  trace: string | null;
  steps: number | null;
  reproduce: string;
  clients: { beforeShrink: number | null; minimal: number } | null;
};

describe('locksim fuzz', () => {
  test('finds a two-EXCLUSIVE violation, writes a minimal scenario that check reproduces and a trace that replay reproduces; exit 1', async () => {
    const dir = workspace({ 'base.yaml': wideBase });
    const base = join(dir, 'base.yaml');
    const out = join(dir, 'out');
    const junit = join(dir, 'fuzz.xml');
    const seed = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
    const result = await run('fuzz', base, '--runs', '500', '--seed', seed, '--out', out, '--json', '--junit', junit);
    expect(result.code).toBe(1);
    const line = JSON.parse(result.out) as FuzzLine;
    expect(line).toMatchObject({ verdict: 'violation', passed: false, property: 'mutualExclusion', seed });
    expect(line.clients!.minimal).toBeLessThanOrEqual(3);
    expect(line.reproduce).toBe(`locksim fuzz ${base} --seed ${seed} --path ${line.path}`);

    // The scenario file: check finds the same property broken, as the scenario expects.
    const minimal = loadScenario(line.minimalScenario!);
    expect(minimal.expect).toBe('violation');
    expect(minimal.properties).toStrictEqual(['mutualExclusion']);
    expect(minimal.fuzz).toBeUndefined();
    const checked = await run('check', line.minimalScenario!, '--out', join(dir, 'check'), '--json');
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.out)).toMatchObject({ verdict: 'violation', property: 'mutualExclusion', passed: true, steps: line.steps });
    const replayed = await run('replay', line.trace!);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toMatch(/same violation of mutualExclusion/);

    // JUnit: one failing case, with the trace.
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="locksim fuzz" tests="1" failures="1"/);
    expect(xml).toMatch(/locksim trace: /);

    // The reproduce command gives the same files.
    const scenarioText = readFileSync(line.minimalScenario!, 'utf8');
    const traceText = readFileSync(line.trace!, 'utf8');
    const again = await run('fuzz', base, '--seed', seed, '--path', line.path!, '--out', out, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toMatchObject({ verdict: 'violation', path: line.path });
    expect(readFileSync(line.minimalScenario!, 'utf8')).toBe(scenarioText);
    expect(readFileSync(line.trace!, 'utf8')).toBe(traceText);
  });

  test('the human summary names the files, the commands, the reproduce command, and prints the trace', async () => {
    const dir = workspace({ 'base.yaml': wideBase });
    const result = await run('fuzz', join(dir, 'base.yaml'), '--runs', '300', '--out', join(dir, 'out'));
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/base\.yaml: VIOLATION of mutualExclusion\n/);
    expect(result.out).toMatch(/\n {2}minimal scenario: \d clients? \(/);
    expect(result.out).toMatch(/\n {2}scenario: .*base\.min\.yaml {2}\(locksim check .*base\.min\.yaml\)/);
    expect(result.out).toMatch(/\n {2}trace: .*base\.min\.trace\.json {2}\(locksim replay .*base\.min\.trace\.json\)/);
    expect(result.out).toMatch(/\n {2}reproduce: locksim fuzz .*base\.yaml --seed 1 --path [0-9:]+\n/);
    expect(result.out).toMatch(/<<< mutualExclusion violated/);
    expect(result.err).toBe('');
  });

  test('no violation within the budget: exit 0, and the command that repeats the same search', async () => {
    const dir = workspace({ 'safe.yaml': safeBase });
    const file = join(dir, 'safe.yaml');
    const result = await run('fuzz', file, '--runs', '40', '--seed', '9', '--out', join(dir, 'out'));
    expect(result.code).toBe(0);
    expect(result.out).toBe(`${file}: no violation in 40 fuzz cases (seed 9; the whole run budget)\n  which proves nothing\n  reproduce: locksim fuzz ${file} --seed 9 --runs 40`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('a base that expects its violation passes when fuzzing finds one, and fails when it does not', async () => {
    const dir = workspace({ 'unsafe.yaml': `${wideBase}expect: violation\n`, 'safe.yaml': `${safeBase}expect: violation\n` });
    const found = await run('fuzz', join(dir, 'unsafe.yaml'), '--runs', '300', '--out', join(dir, 'out'), '--json');
    expect(found.code).toBe(0);
    expect(JSON.parse(found.out)).toMatchObject({ verdict: 'violation', passed: true });
    const missed = await run('fuzz', join(dir, 'safe.yaml'), '--runs', '20', '--out', join(dir, 'out'));
    expect(missed.code).toBe(1);
    expect(missed.out).toMatch(/\(EXPECTED VIOLATION: FAIL\)/);
  });

  test('a time budget alone bounds the search', async () => {
    const dir = workspace({ 'safe.yaml': safeBase });
    const result = await run('fuzz', join(dir, 'safe.yaml'), '--time', '300ms', '--out', join(dir, 'out'), '--json');
    expect(result.code).toBe(0);
    const line = JSON.parse(result.out) as { verdict: string; runs: number };
    expect(line.verdict).toBe('none');
    expect(line.runs).toBeGreaterThan(0);
  });

  test('a path that no longer leads to a violation: DIVERGED, exit 1', async () => {
    const dir = workspace({ 'safe.yaml': safeBase });
    const result = await run('fuzz', join(dir, 'safe.yaml'), '--path', '3:1', '--out', join(dir, 'out'));
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/DIVERGED: fast-check path 3:1 of seed 1 leads to no violation/);
  });

  test.each([
    [['--seed', 'HEAD'], /^locksim: --seed: expected a non-negative integer or a 40-hex git commit hash; got "HEAD"$/],
    [['--time', '5 parsecs'], /^locksim: --time: expected a duration such as 60s, 2m or 500ms; got "5 parsecs"$/],
    [['--runs', '0'], /^locksim: --runs: expected a whole number from 1 to \d+; got "0"$/],
    [['--path', 'a:b'], /^locksim: --path: expected a fast-check path such as 42:0:3/],
  ])('bad input %j: one line, exit 2, nothing written', async (flags, message) => {
    const dir = workspace({ 'safe.yaml': safeBase });
    const result = await run('fuzz', join(dir, 'safe.yaml'), ...flags, '--out', join(dir, 'out'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('a missing or bad base file, or --path with two bases: exit 2', async () => {
    const dir = workspace({ 'safe.yaml': safeBase, 'bad.yaml': 'protocol: { name: pending-lock }\nclients: []\nstore: {}\n' });
    expect((await run('fuzz', join(dir, 'none.yaml'), '--runs', '1')).code).toBe(2);
    const bad = await run('fuzz', join(dir, 'bad.yaml'), '--runs', '1');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml:2: clients: /);
    const two = await run('fuzz', join(dir, 'safe.yaml'), join(dir, 'safe.yaml'), '--path', '1');
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/--path: expected one base scenario/);
  });
});

describe('locksim fuzz on liveness scenarios', () => {
  test('a base that names only liveness properties is skipped, passes, and shows as skipped in JUnit', async () => {
    const dir = workspace({ 'live.yaml': `protocol: { name: pending-lock }\nclients: [{ id: A, role: upgrader }]\nstore: {}\nproperties: [eventuallyExclusive]\n` });
    const junit = join(dir, 'fuzz.xml');
    const result = await run('fuzz', join(dir, 'live.yaml'), '--runs', '5', '--out', join(dir, 'out'), '--junit', junit);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/live\.yaml: SKIPPED: it names no safety property \(eventuallyExclusive\)/);
    expect(readFileSync(junit, 'utf8')).toMatch(/skipped="1"[\s\S]*<skipped message="it names no safety property/);
  });
});
