// `check`'s progress line on stderr: redrawn in place at most every 250 ms,
// and cleared before the scenario's result is printed. Only on a terminal, so
// pipes, CI logs and --json output stay byte-identical. Reporting is the one
// place wall-clock time is read; the clock is injectable for tests.

import type { Progress } from '../explore/exploreResult.ts';
import { formatProgressLine } from './progressLine.ts';

export type ProgressReporter = { update(progress: Progress): void; clear(): void };

/** What the reporter writes to: process.stderr, or a fake in tests. */
export type ProgressStream = { isTTY?: boolean; columns?: number; write(text: string): unknown };

export type ProgressReporterOptions = {
  stream?: ProgressStream;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** Least time between two redraws. */
  intervalMs?: number;
  /** False turns the reporter off whatever the stream (--json, --quiet). */
  enabled?: boolean;
};

const clearLine = '\r\x1b[K';
const silent: ProgressReporter = { update() {}, clear() {} };

export function progressReporter(scenarioName: string, options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false || stream.isTTY !== true) return silent;
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 250;
  const started = now();
  let lastDrawn: number | null = null;
  return {
    update(progress) {
      const at = now();
      if (lastDrawn !== null && at - lastDrawn < intervalMs) return;
      lastDrawn = at;
      let line = formatProgressLine(progress, at - started, scenarioName);
      // A line wider than the terminal would wrap, and \r would then redraw only its last row.
      if (stream.columns !== undefined && stream.columns > 1 && line.length >= stream.columns) line = line.slice(0, stream.columns - 1);
      stream.write(`\r${line}\x1b[K`);
    },
    clear() {
      if (lastDrawn !== null) stream.write(clearLine);
      lastDrawn = null;
    },
  };
}
