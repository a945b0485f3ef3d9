// `check`'s progress line: the pure formatter, the throttled writer (with a
// fake clock), and silence on anything that is not a terminal.

import { describe, expect, test } from 'vitest';
import { formatBytes, formatProgressLine } from '../../../sim/cli/progressLine.ts';
import { progressReporter, type ProgressStream } from '../../../sim/cli/progressReporter.ts';
import type { Progress } from '../../../sim/explore/exploreResult.ts';

const progress = (states: number, extra: Partial<Progress> = {}): Progress => ({ states, transitions: 0, depth: 41, runs: 0, ...extra });

function fakeStream(isTTY: boolean | undefined, columns?: number): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

describe('formatProgressLine', () => {
  test('every field, with thousands separators', () => {
    const line = formatProgressLine(progress(1_124_842, { frontier: 88_120, memoryBytes: 61_000_000 }), 2_000, 'pending-lock-strong-server');
    expect(line).toBe('  pending-lock-strong-server: 1,124,842 states  562,421 states/s  frontier 88,120  memory 61 MB  depth 41');
  });

  test('frontier and memory are left out when the explorer does not report them', () => {
    expect(formatProgressLine(progress(65_536), 1_000, 's')).toBe('  s: 65,536 states  65,536 states/s  depth 41');
  });

  test('a zero frontier is still shown; no rate before any time has passed', () => {
    expect(formatProgressLine(progress(3, { frontier: 0 }), 0, 's')).toBe('  s: 3 states  frontier 0  depth 41');
  });

  test('random mode shows its runs', () => {
    expect(formatProgressLine(progress(20_480, { runs: 1_024, depth: 1_200 }), 2_000, 's')).toBe('  s: 20,480 states  10,240 states/s  1,024 runs  depth 1,200');
  });

  test('sizes', () => {
    expect(formatBytes(512)).toBe('1 kB');
    expect(formatBytes(640_000)).toBe('640 kB');
    expect(formatBytes(61_400_000)).toBe('61 MB');
    expect(formatBytes(1_204_000_000)).toBe('1,204 MB');
  });
});

describe('progressReporter', () => {
  test('redraws in place at most every 250 ms, and clears before the result', () => {
    let clock = 1_000;
    const stream = fakeStream(true);
    const reporter = progressReporter('s', { stream, now: () => clock });
    clock += 100;
    reporter.update(progress(65_536));
    clock += 100;
    reporter.update(progress(131_072)); // 100 ms after the first draw: skipped
    clock += 149;
    reporter.update(progress(196_608)); // 249 ms: still skipped
    clock += 1;
    reporter.update(progress(262_144)); // 250 ms: drawn
    reporter.clear();
    expect(stream.written).toEqual([
      '\r  s: 65,536 states  655,360 states/s  depth 41\x1b[K',
      '\r  s: 262,144 states  748,983 states/s  depth 41\x1b[K',
      '\r\x1b[K',
    ]);
  });

  test('clear writes nothing when nothing was drawn', () => {
    const stream = fakeStream(true);
    progressReporter('s', { stream, now: () => 0 }).clear();
    expect(stream.written).toEqual([]);
  });

  test('a line wider than the terminal is cut so that it never wraps', () => {
    const stream = fakeStream(true, 20);
    progressReporter('a-long-scenario-name', { stream, now: () => 0 }).update(progress(1));
    expect(stream.written).toEqual(['\r  a-long-scenario-n\x1b[K']);
  });

  test('a pipe or file gets nothing', () => {
    for (const isTTY of [false, undefined]) {
      let clock = 0;
      const stream = fakeStream(isTTY);
      const reporter = progressReporter('s', { stream, now: () => (clock += 1_000) });
      for (let i = 1; i <= 5; i += 1) reporter.update(progress(i * 65_536, { frontier: 1, memoryBytes: 1 }));
      reporter.clear();
      expect(stream.written).toEqual([]);
    }
  });

  test('--json or --quiet turns it off even on a terminal', () => {
    let clock = 0;
    const stream = fakeStream(true);
    const reporter = progressReporter('s', { stream, now: () => (clock += 1_000), enabled: false });
    reporter.update(progress(65_536));
    reporter.clear();
    expect(stream.written).toEqual([]);
  });
});
