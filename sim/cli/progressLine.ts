// The text of `check`'s progress line: pure, so it can be tested without a
// terminal. Fields an explorer does not report (frontier, memory) are left out.

import type { Progress } from '../explore/exploreResult.ts';
import { thousands } from './thousands.ts';

function count(value: number): string {
  return thousands(value);
}

/** Bytes as a short size in decimal units: `512 kB`, `61 MB`, `1,204 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${count(bytes / 1e3)} kB`;
  return `${count(bytes / 1e6)} MB`;
}

/**
 * One line, e.g. `  pending-lock-strong-server: 1,124,842 states  412,003 states/s  frontier 88,120  memory 61 MB  depth 41`.
 * The rate is the average since the search started; it is left out until any time has passed.
 */
export function formatProgressLine(progress: Progress, elapsedMs: number, scenarioName: string): string {
  const parts = [`${count(progress.states)} states`];
  if (elapsedMs > 0) parts.push(`${count((progress.states * 1000) / elapsedMs)} states/s`);
  if (progress.runs > 0) parts.push(`${count(progress.runs)} runs`);
  if (progress.frontier !== undefined) parts.push(`frontier ${count(progress.frontier)}`);
  if (progress.memoryBytes !== undefined) parts.push(`memory ${formatBytes(progress.memoryBytes)}`);
  parts.push(`depth ${count(progress.depth)}`);
  return `  ${scenarioName}: ${parts.join('  ')}`;
}
