// The package as a user gets it (issue 11): `npm pack`, then an install of
// the tarball into a new project that has nothing else, then the commands the
// README tells a user to run, through the installed bin. Offline: the new
// project's lockfile pins locksim's own dependencies as this clone's
// package-lock.json does, so npm takes every one from its cache and nothing
// is downloaded.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'locksim-package-'));
const project = join(work, 'project');
let tarball = '';

/** This process's environment without what `npm test` sets for its own run (npm_config_*, npm_package_*). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

type Run = { status: number | null; stdout: string; stderr: string };

function run(command: string, args: readonly string[], cwd = project): Run {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The installed bin, as `npx locksim` runs it once npm has found it. */
function locksim(...args: string[]): Run {
  return run(join(project, 'node_modules/.bin/locksim'), args);
}

function lockfileFor(tarballName: string, integrity: string): object {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bin: object; engines: object };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const spec = `file:../${tarballName}`;
  const packages: Record<string, unknown> = {
    '': { name: 'user-project', version: '1.0.0', dependencies: { locksim: spec } },
    'node_modules/locksim': { version: '0.1.0', resolved: spec, integrity, license: 'MIT', dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    // What a user's install of locksim gets: everything but locksim's devDependencies.
    if (path === '' || entry.dev === true) continue;
    const { devOptional, ...kept } = entry;
    packages[path] = devOptional === true ? { ...kept, optional: true, peer: true } : kept;
  }
  return { name: 'user-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

beforeAll(() => {
  const packed = run('npm', ['pack', '--json', '--pack-destination', work], root);
  expect(packed.status, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  tarball = join(work, filename);
  mkdirSync(project);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module', dependencies: { locksim: `file:../${filename}` } }, null, 2)}\n`);
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify(lockfileFor(filename, integrity), null, 2)}\n`);
  const installed = run('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  expect(installed.status, installed.stderr).toBe(0);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the tarball ships the compiled build, the sources, scenarios, examples, spec and schema, and nothing of test/', () => {
  const listing = run('tar', ['tzf', tarball], work).stdout.split('\n').filter((line) => line !== '').map((line) => line.replace(/^package\//, ''));
  const tops = new Set(listing.map((path) => path.split('/')[0]));
  expect([...tops].sort()).toStrictEqual(['README.md', 'dist', 'examples', 'model', 'package.json', 'scenario.schema.json', 'scenarios', 'sim', 'spec']);
  expect(listing).toContain('dist/sim/cli/bin.mjs');
  expect(listing).toContain('dist/sim/cli/main.js');
  expect(listing).toContain('dist/model/index.d.ts');
  expect(listing).toContain('dist/sim/explore/exhaustiveWorker.mjs');
  expect(listing).toContain('dist/sim/sweep/sweepWorker.mjs');
  expect(listing.filter((path) => path.startsWith('sim/bench/'))).toStrictEqual([]);
  expect(listing.filter((path) => /vitest|\.test\./.test(path))).toStrictEqual([]);
  // Only what the package needs at run time was installed, and no test tooling.
  const installed = readdirSync(join(project, 'node_modules'));
  for (const name of ['locksim', 'commander', 'fast-check', 'yaml', 'zod', 'tsx']) expect(installed).toContain(name);
  for (const name of ['vitest', 'typescript', '@fast-check']) expect(installed).not.toContain(name);
});

test('the installed bin runs plain JavaScript: --help, check of a shipped scenario, on worker threads too', () => {
  const help = locksim('--help');
  expect([help.status, help.stderr]).toStrictEqual([0, '']);
  expect(help.stdout).toContain('Usage: locksim');
  const scenario = 'node_modules/locksim/scenarios/pending-lock-strong-server.yaml';
  // Over 50,000 states, so --workers 2 starts a worker thread, which must boot from dist/ as well.
  for (const workers of ['1', '2']) {
    const checked = locksim('check', scenario, '--workers', workers, '--out', 'traces');
    expect([checked.status, checked.stderr]).toStrictEqual([0, '']);
    expect(checked.stdout).toContain(`${scenario}: SAFE (expected safe: ok)`);
  }
  const schema = locksim('schema');
  expect(schema.status).toBe(0);
  expect(schema.stdout).toBe(readFileSync(join(project, 'node_modules/locksim/scenario.schema.json'), 'utf8'));
});

test('fuzz --runs 50 of a shipped base, then the printed check and replay of what it wrote', () => {
  const fuzzed = locksim('fuzz', 'node_modules/locksim/scenarios/fuzz-base.yaml', '--runs', '50', '--out', 'fuzz-out');
  expect([fuzzed.status, fuzzed.stderr]).toStrictEqual([0, '']);
  expect(fuzzed.stdout).toContain('(locksim check fuzz-out/fuzz-base.min.yaml)');
  const checked = locksim('check', 'fuzz-out/fuzz-base.min.yaml', '--out', 'traces');
  expect([checked.status, checked.stderr]).toStrictEqual([0, '']);
  const replayed = locksim('replay', 'fuzz-out/fuzz-base.min.trace.json');
  expect([replayed.status, replayed.stderr]).toStrictEqual([0, '']);
});

test("init-protocol writes a module that imports 'locksim'; check runs it, and the project's tsc type-checks it against the installed types", () => {
  const init = locksim('init-protocol', 'my-lock');
  expect([init.status, init.stderr]).toStrictEqual([0, '']);
  const module = readFileSync(join(project, 'my-lock.ts'), 'utf8');
  expect(module).toContain("from 'locksim'");
  expect(readFileSync(join(project, 'my-lock.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/locksim/scenario.schema.json');
  const checked = locksim('check', 'my-lock.yaml', '--out', 'traces');
  expect([checked.status, checked.stderr]).toStrictEqual([0, '']);
  expect(checked.stdout).toContain('my-lock.yaml: SAFE (expected safe: ok)');
  // A user's own strict settings, and no skipLibCheck: locksim's declarations are checked too.
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: [] }, include: ['my-lock.ts'] })}\n`);
  const tsc = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
  expect([tsc.status, tsc.stdout]).toStrictEqual([0, '']);
  // And a type error in it is one: the check above is not vacuous.
  writeFileSync(join(project, 'broken.ts'), "import type { Protocol } from 'locksim';\nexport const protocol: Protocol = { name: 1 };\n");
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: [] }, include: ['broken.ts'] })}\n`);
  const broken = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
  expect(broken.status).not.toBe(0);
  expect(existsSync(join(project, 'node_modules/locksim/dist/model/index.d.ts'))).toBe(true);
});

test('real lock code in the installed package: a TypeScript harness of the user project, and the shipped async example, checked and replayed', () => {
  writeFileSync(
    join(project, 'check-then-put.ts'),
    [
      "import { defineHarness, type ClientApi } from 'locksim';",
      'async function upgrade({ id, store, enter, exit }: ClientApi) {',
      "  if ((await store.list('locks/')).length > 0) return 'gave-up' as const;",
      '  await store.put(`locks/EXCLUSIVE-${id}`, id);',
      "  enter('exclusive');",
      "  exit('exclusive');",
      '  await store.delete(`locks/EXCLUSIVE-${id}`);',
      "  return 'finished' as const;",
      '}',
      "export default defineHarness({ roles: { upgrader: upgrade }, sections: ['exclusive'] });",
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(project, 'check-then-put.yaml'),
    'implementation: { module: ./check-then-put.ts }\nclients:\n  - { id: A, role: upgrader }\n  - { id: B, role: upgrader, start: [0, 2] }\nstore: { latency: 1 }\nexplore: { mode: systematic }\nexpect: violation\n',
  );
  const checked = locksim('check', 'check-then-put.yaml', '--out', 'traces');
  expect([checked.status, checked.stderr]).toStrictEqual([0, '']);
  expect(checked.stdout).toContain('check-then-put.yaml: VIOLATION of mutualExclusion (expected violation: ok)');
  const replayed = locksim('replay', 'traces/check-then-put.trace.json');
  expect([replayed.status, replayed.stderr]).toStrictEqual([0, '']);
  const example = locksim('check', 'node_modules/locksim/examples/async-pending-lock/list-lag.yaml', '--out', 'traces');
  expect([example.status, example.stderr]).toStrictEqual([0, '']);
  expect(example.stdout).toContain('22 steps');
  const real = locksim('run-real', 'check-then-put.yaml', '--store', 'real-store', '--time', '300ms');
  expect(real.stderr).toBe('');
  expect([0, 1]).toContain(real.status);
  expect(real.stdout).toMatch(/rounds against real-store/);
});
