// Files that locksim writes work where they are (issue 11): fuzz's minimal
// scenario holds its protocol module's path relative to itself, so the check
// and replay commands fuzz prints work from the folder it ran in, and the
// file checks from any other; init-protocol's module imports 'locksim' and
// checks outside any project; a missing module names the path tried. A
// trace holds its paths relative to itself too, so replay, show and export
// work on it from any folder; so does the CSV of a sweep.

import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

test('check of a user-module scenario from one folder, its trace written to another: replay, show and export work from a third, and after the whole tree moves', () => {
  const top = mkdtempSync(join(tmpdir(), 'locksim-trace-paths-'));
  const project = join(top, 'project/lock');
  mkdirSync(project, { recursive: true });
  for (const name of ['protocol.ts', 'list-lag.yaml']) copyFileSync(join(root, 'examples/put-then-verify', name), join(project, name));
  for (const folder of ['one', 'three/deep']) mkdirSync(join(top, folder), { recursive: true });

  const checked = cli(join(top, 'one'), ['check', '../project/lock/list-lag.yaml', '--out', '../archive/traces']);
  expect([checked.status, checked.stderr]).toStrictEqual([0, '']);
  expect(checked.stdout).toContain('trace: ../archive/traces/list-lag.trace.json');
  const tracePath = join(top, 'archive/traces/list-lag.trace.json');
  const held = JSON.parse(readFileSync(tracePath, 'utf8')) as { version: number; scenarioFile: string; scenario: { protocol: { module: string } } };
  expect([held.version, held.scenarioFile, held.scenario.protocol.module]).toStrictEqual([2, '../../project/lock/list-lag.yaml', '../../project/lock/protocol.ts']);

  const third = join(top, 'three/deep');
  const trace = '../../archive/traces/list-lag.trace.json';
  const replayed = cli(third, ['replay', trace]);
  expect([replayed.status, replayed.stderr]).toStrictEqual([0, '']);
  expect(replayed.stdout).toContain('mutualExclusion');
  const shown = cli(third, ['show', trace]);
  expect([shown.status, shown.stderr]).toStrictEqual([0, '']);
  expect(shown.stdout).toContain('<<< mutualExclusion violated');
  const mermaid = cli(third, ['export', trace, '--format', 'mermaid']);
  expect([mermaid.status, mermaid.stderr]).toStrictEqual([0, '']);
  expect(mermaid.stdout).toMatch(/^sequenceDiagram/m);
  // An exported page shows its paths relative to itself, as a trace file holds them.
  const exported = cli(third, ['export', trace, '--format', 'html', '--out', 'pages/trace.html']);
  expect([exported.status, exported.stderr, exported.stdout]).toStrictEqual([0, '', 'wrote pages/trace.html\n']);
  const page = readFileSync(join(third, 'pages/trace.html'), 'utf8');
  expect(page).toContain(' · from ../../../project/lock/list-lag.yaml</p>');
  expect(page).toContain('&quot;module&quot;: &quot;../../../project/lock/protocol.ts&quot;');

  // The project and its traces, moved together (an artifact downloaded elsewhere), still replay.
  const moved = mkdtempSync(join(tmpdir(), 'locksim-trace-moved-'));
  cpSync(join(top, 'project'), join(moved, 'project'), { recursive: true });
  cpSync(join(top, 'archive'), join(moved, 'archive'), { recursive: true });
  const again = cli(moved, ['replay', 'archive/traces/list-lag.trace.json']);
  expect([again.status, again.stderr]).toStrictEqual([0, '']);
});

test('a trace moved away from its protocol module: one line naming the trace, the field and the path tried, exit 2', () => {
  const top = mkdtempSync(join(tmpdir(), 'locksim-trace-gone-'));
  mkdirSync(join(top, 'lock'));
  for (const name of ['protocol.js', 'strong-store.yaml']) copyFileSync(join(root, 'examples/check-then-put', name), join(top, 'lock', name));
  const checked = cli(top, ['check', 'lock/strong-store.yaml', '--out', 'traces']);
  expect(checked.status).toBe(0);
  mkdirSync(join(top, 'elsewhere/deeper'), { recursive: true });
  copyFileSync(join(top, 'traces/strong-store.trace.json'), join(top, 'elsewhere/deeper/strong-store.trace.json'));
  const replayed = cli(top, ['replay', 'elsewhere/deeper/strong-store.trace.json']);
  expect([replayed.status, replayed.stdout]).toStrictEqual([2, '']);
  expect(replayed.stderr).toBe(
    `locksim: elsewhere/deeper/strong-store.trace.json (embedded scenario): protocol.module: cannot use protocol module "../lock/protocol.js": no such file: ${join(top, 'elsewhere/lock/protocol.js')}\n`,
  );
});
