// Bring-your-own-protocol: user modules in TypeScript and JavaScript load
// through the same resolver and validation as built-ins, run, replay, and are
// rejected with one clear line when they break the API.

import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { protocolProblem } from '../../../model/checkProtocol.ts';
import { builtinProtocols } from '../../../model/index.ts';
import { main } from '../../../sim/cli/main.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import { resolveProtocol } from '../../../sim/scenario/resolveProtocol.ts';
import { loadTrace } from '../../../sim/trace/loadTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const fixtures = 'test/fixtures/protocols';

describe('built-in protocols pass through the same loader as user modules', () => {
  test.each([...builtinProtocols.keys()])('%s satisfies the protocol API check', (name) => {
    expect(protocolProblem(builtinProtocols.get(name))).toBeNull();
    const resolved = resolveProtocol(name, undefined, process.cwd());
    expect('protocol' in resolved && resolved.protocol).toBe(builtinProtocols.get(name));
  });
});

describe('user modules run and their traces replay', () => {
  test.each([
    ['TypeScript', 'examples/put-then-verify/list-lag.yaml', 'put-then-verify'],
    ['JavaScript', 'examples/check-then-put/strong-store.yaml', 'check-then-put'],
  ])('a %s module', async (_language, scenarioFile, protocolName) => {
    const scenario = loadScenario(scenarioFile);
    expect(scenario.protocol.name).toBe(protocolName);
    expect(scenario.protocol.module).toMatch(/^\.\/examples\//);
    const out = mkdtempSync(join(tmpdir(), 'locksim-modules-'));
    const result = await run('check', scenarioFile, '--out', out, '--json');
    expect(result.code).toBe(0);
    const line = JSON.parse(result.out) as { verdict: string; trace: string };
    expect(line.verdict).toBe('violation');
    const outcome = replayTrace(loadTrace(line.trace));
    expect(outcome.same).toBe(true);
  });
});

describe('modules that break the API are bad input: one line, exit 2', () => {
  test.each([
    ['missing-step', 'protocol.module: cannot use protocol module "./missing-step.ts": its protocol does not satisfy the protocol API: missing step'],
    ['no-export', 'it exports no protocol'],
    ['syntax-error', 'it failed to load: Transform failed'],
    ['bad-effect', 'step returned {"kind":"teleport"}, which is not a request or local effect'],
    ['unserialisable-state', 'its state is not plain serialisable data: state.callback is function'],
    ['throws-mid-run', 'A: step threw: lost track of the lock; client state {"pc":2}'],
  ])('%s', async (name, message) => {
    const out = mkdtempSync(join(tmpdir(), 'locksim-bad-'));
    const result = await run('check', `${fixtures}/${name}.yaml`, '--out', out);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  test('a protocol that throws mid-run is reported with where it happened', async () => {
    const result = await run('check', `${fixtures}/throws-mid-run.yaml`, '--out', mkdtempSync(join(tmpdir(), 'locksim-bad-')));
    expect(result.err).toMatch(/protocol fault while expanding states at depth \d+/);
  });

  test('a name that disagrees with the module is rejected', () => {
    const resolved = resolveProtocol('other-name', './base.ts', fixtures);
    expect(resolved).toMatchObject({ field: 'module' });
    const named = resolveProtocol('wrong', '../../../examples/check-then-put/protocol.js', fixtures);
    expect(named).toMatchObject({ field: 'name' });
  });
});

describe('the examples give the verdicts the guide claims', () => {
  test.each(['examples/put-then-verify/strong-store.yaml', 'examples/put-then-verify/list-lag.yaml', 'examples/check-then-put/strong-store.yaml'])(
    '%s matches its expect',
    async (file) => {
      const result = await run('check', file, '--out', mkdtempSync(join(tmpdir(), 'locksim-examples-')), '--json');
      const line = JSON.parse(result.out) as { verdict: string; expect: string; passed: boolean };
      expect(line.verdict).toBe(line.expect);
      expect(result.code).toBe(0);
    },
  );
});

describe('init-protocol', () => {
  test('writes a module and scenario that check safe; changing one step gives a counterexample', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'locksim-init-'));
    const written = await run('init-protocol', 'my-lock', '--dir', directory);
    expect(written.code).toBe(0);
    const scenarioFile = join(directory, 'my-lock.yaml');
    const safe = await run('check', scenarioFile, '--out', join(directory, 'traces'), '--json');
    expect(JSON.parse(safe.out)).toMatchObject({ verdict: 'safe', reached: { A: true, B: true, C: true } });

    // The user's one-line change: skip the verification list and enter at once.
    const modulePath = join(directory, 'my-lock.ts');
    const source = readFileSync(modulePath, 'utf8');
    const changed = source.replace("return go(state, 'verifying', { kind: 'list', prefix });", "return go(state, 'holding', { kind: 'enter', section: 'exclusive' });");
    expect(changed).not.toBe(source);
    writeFileSync(modulePath, changed);
    const broken = await run('check', scenarioFile, '--out', join(directory, 'traces'), '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ verdict: 'violation', property: 'mutualExclusion' });
  });

  test('refuses to overwrite', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'locksim-init-'));
    expect((await run('init-protocol', 'my-lock', '--dir', directory)).code).toBe(0);
    const again = await run('init-protocol', 'my-lock', '--dir', directory);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
  });
});
