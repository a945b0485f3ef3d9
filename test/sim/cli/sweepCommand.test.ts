// locksim sweep end to end: through main, on scenario files, against what
// `locksim check` says of each cell written out by hand.

import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../sim/cli/main.ts';
import { lagText } from '../sweep/sweepBase.ts';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'locksim-sweep-'));
}

function baseFile(dir: string): string {
  const file = join(dir, 'lag.yaml');
  writeFileSync(file, lagText());
  return file;
}

type JsonCell = { values: Record<string, unknown>; verdict: string; property: string | null; states: number; transitions: number; steps: number | null; trace: string | null };

describe('locksim sweep', () => {
  test('each cell agrees with locksim check on a scenario file with the same values', async () => {
    const dir = workDir();
    const sweep = await run('sweep', baseFile(dir), '--param', 'store.listLag=3..5', '--param', 'explore.maxStates=50,20000', '--json', '--jobs', '1');
    expect(sweep.code).toBe(0);
    const cells = (JSON.parse(sweep.out) as { cells: JsonCell[] }).cells;
    expect(cells.map((cell) => cell.verdict)).toEqual(['incomplete', 'safe', 'incomplete', 'safe', 'incomplete', 'violation']);
    for (const [index, cell] of cells.entries()) {
      const [min, max] = cell.values['store.listLag'] as [number, number];
      const file = join(dir, `cell-${index}.yaml`);
      writeFileSync(file, lagText({ listLag: `[${min}, ${max}]`, maxStates: String(cell.values['explore.maxStates']) }));
      const check = await run('check', file, '--json', '--out', join(dir, 'check-traces'));
      const line = JSON.parse(check.out) as { verdict: string; property: string | null; steps: number | null; stats: { states: number; transitions: number } };
      expect([cell.verdict, cell.property, cell.states, cell.transitions, cell.steps]).toEqual([line.verdict, line.property, line.stats.states, line.stats.transitions, line.steps]);
    }
  });

  test('serial and parallel sweeps print the same table and write the same CSV and traces; only stderr differs', async () => {
    const dir = workDir();
    const file = baseFile(dir);
    const sweep = (jobs: string, name: string) =>
      run('sweep', file, '--param', 'store.listLag=4..6', '--param', 'protocol.tieBreak=client-id,strict', '--jobs', jobs, '--csv', join(dir, `${name}.csv`), '--out', join(dir, name));
    const serial = await sweep('1', 'serial');
    const parallel = await sweep('2', 'parallel');
    expect([serial.code, parallel.code]).toEqual([0, 0]);
    expect(parallel.out).toBe(serial.out);
    expect(serial.err).toMatch(/^sweep: 6 cells in \d+\.\d s, serially$/);
    expect(parallel.err).toMatch(/^sweep: 6 cells in \d+\.\d s, on 2 worker threads$/);
    // Each CSV names its traces relative to itself: serial/..., parallel/...
    const serialCsv = readFileSync(join(dir, 'serial.csv'), 'utf8');
    expect(serialCsv).toMatch(/,serial\/lag\.listLag-\d\.tieBreak-[a-z-]+\.trace\.json$/m);
    expect(serialCsv).not.toContain(dir);
    expect(readFileSync(join(dir, 'parallel.csv'), 'utf8')).toBe(serialCsv.replaceAll(',serial/', ',parallel/'));
    const traces = readdirSync(join(dir, 'serial')).sort();
    expect(readdirSync(join(dir, 'parallel')).sort()).toEqual(traces);
    for (const trace of traces) expect(readFileSync(join(dir, 'parallel', trace), 'utf8')).toBe(readFileSync(join(dir, 'serial', trace), 'utf8'));
  });

  test('--json is the same data serially and in parallel', async () => {
    const file = baseFile(workDir());
    const args = ['sweep', file, '--param', 'store.listLag=4..5', '--param', 'protocol.pollInterval=1,2', '--json'];
    const serial = await run(...args, '--jobs', '1');
    const parallel = await run(...args, '--jobs', '2');
    expect(parallel.out).toBe(serial.out);
    expect(JSON.parse(serial.out).boundary).toEqual([
      { row: 0, value: [0, 4], smallestSafe: 1 },
      { row: 1, value: [0, 5], smallestSafe: null },
    ]);
  });

  test('the table marks the boundary; --out writes one trace per violating cell, named after it, that replays', async () => {
    const dir = workDir();
    const sweep = await run('sweep', baseFile(dir), '--param', 'store.listLag=4..5', '--param', 'protocol.tieBreak=strict,client-id', '--jobs', '1', '--out', join(dir, 'traces'));
    expect(sweep.code).toBe(0);
    expect(sweep.out.split('\n').slice(2, 6)).toEqual([
      '                protocol.tieBreak',
      'store.listLag   strict      client-id',
      '        [0,4]   VIOL      | safe*',
      '        [0,5]   VIOL        VIOL',
    ]);
    expect(sweep.out).toContain('  store.listLag [0,4]: smallest safe protocol.tieBreak = client-id');
    expect(readdirSync(join(dir, 'traces')).sort()).toEqual(['lag.listLag-4.tieBreak-strict.trace.json', 'lag.listLag-5.tieBreak-client-id.trace.json', 'lag.listLag-5.tieBreak-strict.trace.json']);
    const replay = await run('replay', join(dir, 'traces', 'lag.listLag-5.tieBreak-client-id.trace.json'));
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('same violation of mutualExclusion');
  });

  test('without --out no trace is written; --plot draws a chart', async () => {
    const dir = workDir();
    const sweep = await run('sweep', baseFile(dir), '--param', 'store.listLag=4..5', '--plot', '--jobs', '1');
    expect(sweep.code).toBe(0);
    expect(sweep.out.split('\n').slice(2, 6)).toEqual([' │██████░░░░░░', ' └────────────', '  [0,4] [0,5]', '  store.listLag']);
    expect(readdirSync(dir)).toEqual(['lag.yaml']);
  });

  test('bad input: one line, exit 2, nothing run and nothing written', async () => {
    const dir = workDir();
    const file = baseFile(dir);
    const csv = join(dir, 'grid.csv');
    const cases: [string[], string][] = [
      [['--param', 'protocol.pollInterval=0..2'], `locksim: --param protocol.pollInterval=0..2: value 0 makes the scenario invalid: protocol.pollInterval: expected`],
      [['--param', 'store.lisLag=1'], 'locksim: --param store.lisLag=1: value 1 makes the scenario invalid: store.lisLag: unknown field "lisLag"'],
      [['--param', 'store.listLag=1', '--param', 'store.latency=1', '--param', 'protocol.pollInterval=1'], 'locksim: --param: expected one or two params (rows and columns); got 3'],
      [[], 'locksim: --param: expected one or two --param'],
      [['--param', 'store.listLag=1', '--jobs', 'many'], 'locksim: --jobs: expected a whole number from 1 to 256; got "many"'],
      [['--param', 'store.listLag=1', '--json', '--plot'], 'locksim: --plot: expected --plot or --json, not both'],
    ];
    for (const [args, message] of cases) {
      const result = await run('sweep', file, ...args, '--csv', csv, '--out', join(dir, 'traces'));
      expect(result.code).toBe(2);
      expect(result.out).toBe('');
      expect(result.err.split('\n')).toHaveLength(1);
      expect(result.err).toContain(message);
    }
    const missing = await run('sweep', join(dir, 'nope.yaml'), '--param', 'store.listLag=1');
    expect([missing.code, missing.err]).toEqual([2, `locksim: ${join(dir, 'nope.yaml')}: cannot read file (no such file)`]);
    expect(existsSync(csv)).toBe(false);
    expect(existsSync(join(dir, 'traces'))).toBe(false);
  });

  test('--help states the range rule and the exit codes', async () => {
    const help = await run('sweep', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('takes the value N as its max and keeps the scenario');
    expect(help.out).toContain('Exit codes: 0 the sweep ran, whatever the verdicts; 2 bad input or usage.');
  });
});
