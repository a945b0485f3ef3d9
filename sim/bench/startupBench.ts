// `npm run bench -- startup`: how long the compiled CLI takes to start and
// finish, the figures issue 11 sets (`locksim --help` at most 150 ms, `check`
// of a small scenario at most 300 ms), measured, never asserted. It builds
// dist/ first, so the figures are of the sources as they are, then runs each
// command as a child process, the way a shell runs the package's bin (the
// package's bin is dist/sim/cli/bin.mjs, the file measured here), and prints
// the median and the slowest of the runs. The same commands through the
// TypeScript sources (tsx) are measured too, for comparison.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage } from './buildPackage.ts';
import { repositoryRoot as root } from './exhaustiveBenchFiles.ts';

const runsEach = 10;

type Row = { label: string; args: string[]; limitMs: number | null };

function timeOnce(bin: string, args: readonly string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  const elapsedMs = performance.now() - started;
  // Exit 1 is a verdict (a violation found), not a failure of the run.
  if (child.status !== 0 && child.status !== 1) throw new Error(`startup bench: ${bin} ${args.join(' ')} exited ${child.status}: ${child.stderr.trim()}`);
  return elapsedMs;
}

function measure(bin: string, args: readonly string[]): { medianMs: number; maxMs: number } {
  timeOnce(bin, args); // warms the file system cache
  const times = Array.from({ length: runsEach }, () => timeOnce(bin, args)).sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, maxMs: times[times.length - 1]! };
}

export function startupBench(): void {
  buildPackage();
  const out = mkdtempSync(join(tmpdir(), 'locksim-startup-'));
  const rows: Row[] = [
    { label: 'locksim --help', args: ['--help'], limitMs: 150 },
    { label: 'locksim check scenarios/matrix-create-exclusive-strong.yaml (589 states)', args: ['check', 'scenarios/matrix-create-exclusive-strong.yaml', '--out', out], limitMs: 300 },
    { label: 'locksim check examples/check-then-put/strong-store.yaml (a JavaScript module)', args: ['check', 'examples/check-then-put/strong-store.yaml', '--out', out], limitMs: null },
    { label: 'locksim check scenarios/write-verify-ttl-strong.yaml (3,569 states)', args: ['check', 'scenarios/write-verify-ttl-strong.yaml', '--out', out], limitMs: null },
  ];
  console.log(`startup: node ${process.version}, median and slowest of ${runsEach} runs each, wall clock from spawn to exit`);
  try {
    for (const row of rows) {
      const compiled = measure(join(root, 'dist/sim/cli/bin.mjs'), row.args);
      const sources = measure(join(root, 'sim/cli/bin.mjs'), row.args);
      const limit = row.limitMs === null ? '' : `  (issue 11: at most ${row.limitMs} ms: ${compiled.medianMs <= row.limitMs ? 'met' : 'NOT met'})`;
      console.log(`  ${row.label}`);
      console.log(`    compiled (dist/): median ${compiled.medianMs.toFixed(0)} ms, slowest ${compiled.maxMs.toFixed(0)} ms${limit}`);
      console.log(`    sources (tsx):    median ${sources.medianMs.toFixed(0)} ms, slowest ${sources.maxMs.toFixed(0)} ms`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
