// The reference checker's figures for a scenario, by running
// ../shared/reference/ref.py, an independent Python checker of pending-lock,
// in a child process. Each file is run at most once per benchmark process:
// the result is cached in memory only, so a changed ref.py or scenario is
// always measured afresh by the next `npm run bench`.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseReferenceOutput, type ReferenceFigures } from './parseReferenceOutput.ts';

export type ReferenceOutcome = { kind: 'ok'; figures: ReferenceFigures } | { kind: 'timeout' } | { kind: 'failed'; reason: string };

/** Where the reference lives next to this repository; LOCKSIM_BENCH_REF_PY points elsewhere. */
const refPy = process.env.LOCKSIM_BENCH_REF_PY ?? fileURLToPath(new URL('../../../shared/reference/ref.py', import.meta.url));

/** ref.py checks its own time limit only every 10 s or so, then still prints its report: this much grace before it is killed. */
const graceSeconds = 60;

const cache = new Map<string, Promise<ReferenceOutcome>>();

/** Why the reference cannot be run, or null when it can. */
export function referenceUnavailable(): string | null {
  if (process.env.LOCKSIM_BENCH_NO_REF === '1') return 'LOCKSIM_BENCH_NO_REF=1';
  if (!existsSync(refPy)) return `no ${refPy}`;
  const probe = spawnSync('python3', ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) return 'no python3 on PATH';
  return null;
}

export function referenceFigures(file: string, timeoutSeconds: number): Promise<ReferenceOutcome> {
  const key = `${file}\0${timeoutSeconds}`;
  let outcome = cache.get(key);
  if (outcome === undefined) {
    outcome = runReference(file, timeoutSeconds);
    cache.set(key, outcome);
  }
  return outcome;
}

function runReference(file: string, timeoutSeconds: number): Promise<ReferenceOutcome> {
  return new Promise((resolve) => {
    const child = spawn('python3', [refPy, '--max-seconds', String(timeoutSeconds), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    // stderr carries ref.py's progress lines and, on bad input, the one line that says why.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, (timeoutSeconds + graceSeconds) * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', reason: error.message });
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ kind: 'timeout' });
      // Exit 1 only means a verdict differs from the file's `expect`: the figures are still good.
      const figures = parseReferenceOutput(stdout);
      if (figures !== null) return resolve({ kind: 'ok', figures });
      const reason = stderr.trim().split('\n').at(-1) ?? '';
      resolve({ kind: 'failed', reason: `exit ${exitCode}${reason === '' ? '' : `: ${reason}`}` });
    });
  });
}
