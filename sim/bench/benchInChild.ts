// Runs benchOne.ts on one scenario in a child process of its own, so that
// each scenario's peak RSS is its own and a heap exhaustion ends one row, not
// the whole benchmark. The parent enforces the time limit by killing the
// child: the search is synchronous, so the child could not stop itself.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRecord } from './benchOne.ts';

export type ChildOutcome =
  | { kind: 'ok'; record: BenchRecord }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'crashed'; exitCode: number | null; signal: string | null; reason: string };

const benchOnePath = fileURLToPath(new URL('./benchOne.ts', import.meta.url));

/** The last line of stderr that says something, e.g. V8's "FATAL ERROR: ... heap out of memory". */
function reasonOf(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => line.startsWith('FATAL ERROR')) ?? lines.find((line) => /Error/.test(line)) ?? lines.at(-1) ?? '';
}

// NODE_OPTIONS is inherited, so `NODE_OPTIONS=--max-old-space-size=N npm run bench` gives every child a bigger heap.
export function benchInChild(file: string, timeoutSeconds: number, workers = 1): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', benchOnePath, file, String(workers)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    // Only the tail is kept: an out-of-memory report can be long, and only its gist is printed.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ kind: 'timeout', seconds: timeoutSeconds });
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (exitCode === 0 && line.startsWith('{')) return resolve({ kind: 'ok', record: JSON.parse(line) as BenchRecord });
      resolve({ kind: 'crashed', exitCode, signal, reason: reasonOf(stderr) });
    });
  });
}
