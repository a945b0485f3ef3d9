// The main job, end to end: the real CLI on every shipped scenario, each of
// which must give the verdict its `expect` states, and every trace it writes
// must replay.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const scenarios = readdirSync('scenarios')
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => join('scenarios', file));

test('there are shipped scenarios, each stating its expected verdict', () => {
  expect(scenarios.length).toBeGreaterThan(0);
});

test('locksim check scenarios/*.yaml: every verdict as expected, every trace replays', () => {
  const out = mkdtempSync(join(tmpdir(), 'locksim-e2e-'));
  const result = spawnSync('node', ['sim/cli/bin.mjs', 'check', ...scenarios, '--out', out, '--json'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { scenario: string; verdict: string; expect: string | null; passed: boolean; trace: string | null });
  expect(lines.map((line) => line.scenario)).toEqual(scenarios);
  for (const line of lines) {
    expect(line.expect, `${line.scenario} states no expect`).not.toBeNull();
    expect(line.verdict, line.scenario).toBe(line.expect);
  }
  expect(result.status).toBe(0);
  for (const line of lines.filter((each) => each.trace !== null)) {
    const replay = execFileSync('node', ['sim/cli/bin.mjs', 'replay', line.trace!], { encoding: 'utf8' });
    expect(replay).toContain('same violation');
  }
}, 600_000);
