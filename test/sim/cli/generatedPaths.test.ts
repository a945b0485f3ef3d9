// Files that locksim writes work where they are (issue 11): fuzz's minimal
// scenario holds its protocol module's path relative to itself, so the check
// and replay commands fuzz prints work from the folder it ran in, and the
// file checks from any other; init-protocol's module imports 'locksim' and
// checks outside any project; a missing module names the path tried.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../sim/cli/main.ts';

const root = join(import.meta.dirname, '../../..');
const bin = join(root, 'sim/cli/bin.mjs');

function cli(cwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

test('fuzz of a user-module base from another folder: the printed check and replay commands work there, and the scenario from anywhere', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'locksim-fuzz-cwd-'));
  const base = join(root, 'examples/put-then-verify/list-lag.yaml');
  const fuzzed = cli(cwd, ['fuzz', base, '--runs', '5', '--out', 'fuzz-out/nested']);
  expect([fuzzed.status, fuzzed.stderr]).toStrictEqual([0, '']);
  const checkCommand = /\(locksim (check \S+)\)/.exec(fuzzed.stdout)?.[1];
  const replayCommand = /\(locksim (replay \S+)\)/.exec(fuzzed.stdout)?.[1];
  expect(checkCommand).toBe('check fuzz-out/nested/list-lag.min.yaml');
  expect(replayCommand).toBe('replay fuzz-out/nested/list-lag.min.trace.json');
  const written = parse(readFileSync(join(cwd, 'fuzz-out/nested/list-lag.min.yaml'), 'utf8')) as { protocol: { module: string } };
  expect(written.protocol.module).toBe(relative(join(cwd, 'fuzz-out/nested'), join(root, 'examples/put-then-verify/protocol.ts')));
  const checked = cli(cwd, [...checkCommand!.split(' '), '--out', 'traces']);
  expect([checked.status, checked.stderr]).toStrictEqual([0, '']);
  expect(checked.stdout).toContain('VIOLATION of mutualExclusion (expected violation: ok)');
  const replayed = cli(cwd, replayCommand!.split(' '));
  expect([replayed.status, replayed.stderr]).toStrictEqual([0, '']);
  // The scenario file stands on its own: checked from the clone's root, by its absolute path.
  const fromRoot = cli(root, ['check', join(cwd, 'fuzz-out/nested/list-lag.min.yaml'), '--out', join(cwd, 'traces-2')]);
  expect([fromRoot.status, fromRoot.stderr]).toStrictEqual([0, '']);
});

test("init-protocol outside any project writes a module importing 'locksim' that check runs, and a scenario with the schema line", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'locksim-init-'));
  const io = { out: () => {}, err: (line: string) => errors.push(line) };
  const errors: string[] = [];
  expect(await main(['node', 'locksim', 'init-protocol', 'my-lock', '--dir', dir], io)).toBe(0);
  expect(readFileSync(join(dir, 'my-lock.ts'), 'utf8')).toContain("import { z } from 'locksim';");
  const scenario = readFileSync(join(dir, 'my-lock.yaml'), 'utf8');
  const schemaLine = scenario.split('\n')[0]!;
  expect(schemaLine).toBe(`# yaml-language-server: $schema=${relative(dir, join(root, 'scenario.schema.json'))}`);
  // Faster than the template's three clients, and the same module.
  writeFileSync(join(dir, 'small.yaml'), 'protocol: { module: ./my-lock.ts }\nclients: [{ id: A, role: locker }, { id: B, role: locker }]\nstore: {}\nexpect: safe\n');
  expect(await main(['node', 'locksim', 'check', join(dir, 'small.yaml'), '--out', join(dir, 'traces')], io)).toBe(0);
  expect(errors).toStrictEqual([]);
});

test('a protocol module that is not there: the error names the path it tried, resolved from the scenario file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'locksim-missing-module-'));
  writeFileSync(join(dir, 'missing.yaml'), 'protocol: { module: ../nowhere/lock.ts }\nclients: [{ id: A, role: locker }]\nstore: {}\n');
  const errors: string[] = [];
  const code = await main(['node', 'locksim', 'check', join(dir, 'missing.yaml')], { out: () => {}, err: (line) => errors.push(line) });
  expect(code).toBe(2);
  expect(errors).toStrictEqual([`locksim: ${join(dir, 'missing.yaml')}:1: protocol.module: cannot use protocol module "../nowhere/lock.ts": no such file: ${join(dir, '../nowhere/lock.ts')}`]);
});
