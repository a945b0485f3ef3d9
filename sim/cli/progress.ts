// Progress on stderr while a search runs, only when stderr is a terminal, so
// that logs and pipes stay clean. Reporting is the one place wall-clock time
// is read.

import type { Progress } from '../explore/exploreResult.ts';

export type ProgressReporter = { update(progress: Progress): void; clear(): void };

export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) return { update() {}, clear() {} };
  const started = performance.now();
  let shown = false;
  return {
    update(progress) {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(progress.states / seconds) : 0;
      const runs = progress.runs > 0 ? `, ${progress.runs} runs` : '';
      stream.write(`\r${label}: ${progress.states} states (${rate}/s), depth ${progress.depth}${runs}, ${seconds.toFixed(1)} s   `);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
