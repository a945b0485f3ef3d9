// Options every command takes (issue 11): --quiet prints only what did not go
// as expected; NO_COLOR and --no-color take color out of the viewer; --help
// names exit code 3 with the others.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { colorWanted, main } from '../../../sim/cli/main.ts';
import { colorEnabled } from '../../../sim/ui/colorEnabled.ts';

const root = join(import.meta.dirname, '../../..');
const savedNoColor = process.env.NO_COLOR;

afterEach(() => {
  if (savedNoColor === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = savedNoColor;
});

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

test('check --quiet prints nothing for a verdict as expected and the whole summary for one that is not', async () => {
  const out = mkdtempSync(join(tmpdir(), 'locksim-quiet-'));
  const safe = join(root, 'scenarios/matrix-create-exclusive-strong.yaml');
  expect(await run('check', safe, '--quiet', '--out', out)).toStrictEqual({ code: 0, out: [], err: [] });
  expect(await run('--quiet', 'check', safe, safe, '--out', out)).toStrictEqual({ code: 0, out: [], err: [] });
  const loud = await run('check', safe, '--out', out);
  expect(loud.out.join('\n')).toContain('SAFE (expected safe: ok)');
  // A scenario whose verdict is not the one it expects still prints, with the count line.
  const wrong = join(out, 'wrong.yaml');
  writeFileSync(wrong, `protocol: { module: ${join(root, 'examples/check-then-put/protocol.js')} }\nclients: [{ id: A, role: locker }, { id: B, role: locker }]\nstore: {}\nexpect: safe\n`);
  const quiet = await run('check', safe, wrong, '--quiet', '--out', out);
  expect(quiet.code).toBe(1);
  expect(quiet.out[0]).toMatch(/wrong\.yaml: VIOLATION of mutualExclusion \(EXPECTED SAFE: FAIL\)/);
  expect(quiet.out.join('\n')).not.toContain('matrix-create-exclusive-strong');
  expect(quiet.out[quiet.out.length - 1]).toBe('1 of 2 scenarios as expected; 1 not');
});

test('NO_COLOR set and not empty, or --no-color, turns color off; empty NO_COLOR does not', async () => {
  expect(colorWanted({}, true)).toBe(true);
  expect(colorWanted({ NO_COLOR: '' }, true)).toBe(true);
  expect(colorWanted({ NO_COLOR: '1' }, true)).toBe(false);
  expect(colorWanted({}, false)).toBe(false);
  expect(colorEnabled({ NO_COLOR: 'yes' })).toBe(false);
  expect(colorEnabled({})).toBe(true);
  delete process.env.NO_COLOR;
  const trace = join(root, 'test/fixtures/regressions');
  await run('show', join(trace, 'nonexistent.trace.json'), '--no-color');
  expect(process.env.NO_COLOR).toBe('1');
  expect(colorEnabled()).toBe(false);
});

test('--help lists exit code 3 with the others, and --shard on check, fuzz and sweep', async () => {
  const help = await run('--help');
  expect(help.code).toBe(0);
  const text = help.out.join('\n');
  for (const code of ['0  as expected', '1  a violation', '2  bad input or usage', '3  an internal error']) expect(text).toContain(code);
  for (const command of ['check', 'fuzz', 'sweep']) {
    const commandHelp = await run(command, '--help');
    expect(commandHelp.out.join('\n')).toContain('--shard <i/n>');
  }
});
