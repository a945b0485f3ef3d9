import { describe, expect, test } from 'vitest';
import type { ChildOutcome } from '../../../sim/bench/benchInChild.ts';
import type { BenchRecord } from '../../../sim/bench/benchOne.ts';
import { benchTargets, bigShape, formatTarget, wideShape, type ScenarioRounds } from '../../../sim/bench/benchTargets.ts';
import type { ReferenceOutcome } from '../../../sim/bench/referenceFigures.ts';

function round(seconds: number, states: number, workers: number, extra: Partial<BenchRecord> = {}): ChildOutcome {
  const record: BenchRecord = {
    file: 'f.yaml', name: 'n', protocol: 'pending-lock', verdict: 'safe', states, transitions: states * 2, depth: 5,
    storedBytes: states * 20, frontierBytes: null, frontierStates: null, workers, counterexampleSteps: null, seconds, maxRssKb: 600 * 1024, ...extra,
  };
  return { kind: 'ok', record };
}

const reference = (states: number, verdict = 'safe', counterexampleSteps: number | null = null): ReferenceOutcome => ({ kind: 'ok', figures: { verdict, states, transitions: states * 2, seconds: 1, counterexampleSteps } });

/** 15.5M states: 27 s on one worker (575,000 states/s), 16 s on two (1.69x, 484,000 a worker). */
const big = (manySeconds: number[]): ScenarioRounds => ({
  scenario: bigShape,
  one: [round(28, 15_500_000, 1), round(27, 15_500_000, 1), round(26, 15_500_000, 1)],
  many: manySeconds.map((seconds) => round(seconds, 15_500_000, 2)),
  reference: { kind: 'timeout' },
});
const wide = (manySeconds: number): ScenarioRounds => ({ scenario: wideShape, one: [round(1.3, 276_449, 1)], many: [round(manySeconds, 276_449, 2)], reference: reference(305_419) });

describe('benchTargets', () => {
  test('medians judge: 1.69x and 484,000 a worker miss, 30 s and 1 GB are met', () => {
    const results = benchTargets([big([15, 16, 17]), wide(1.4)], 2);
    expect(results.map((result) => result.met)).toStrictEqual([true, true, false, false, true]);
    expect(results[2]!.detail).toBe('574,074 on 1, 484,375 a worker on 2');
    expect(results[3]!.detail).toBe('1.69x (rounds: 1.87x 1.69x 1.53x)');
  });

  test('a faster median meets the rate and the speedup', () => {
    const results = benchTargets([big([14, 15, 15]), wide(1.4)], 2);
    expect(results.map((result) => result.met)).toStrictEqual([true, true, true, true, true]);
  });

  test('the speedup pairs each round with its own: one slow round does not decide it', () => {
    // One worker slowed down in round 1 (40 s) and so did two (24 s): that round's ratio is 1.67, the others 1.87 and 1.80.
    const drifting: ScenarioRounds = { ...big([15, 24, 15]), one: [round(28, 15_500_000, 1), round(40, 15_500_000, 1), round(27, 15_500_000, 1)] };
    expect(benchTargets([drifting], 2)[3]).toMatchObject({ met: true, detail: '1.80x (rounds: 1.87x 1.67x 1.80x)' });
    // Of an even count, the lower middle ratio.
    const even: ScenarioRounds = { ...big([16, 15]), one: [round(27, 15_500_000, 1), round(27, 15_500_000, 1)] };
    expect(benchTargets([even], 2)[3]).toMatchObject({ met: false, detail: '1.69x (rounds: 1.69x 1.80x)' });
  });

  test('over 30 s, over 1 GB, or not safe: the big target is missed', () => {
    expect(benchTargets([big([31, 31, 31])], 2)[0]!.met).toBe(false);
    const heavy = { ...big([15]), many: [round(15, 15_500_000, 2, { maxRssKb: 1_100 * 1024 })] };
    expect(benchTargets([heavy], 2)[0]!.met).toBe(false);
    const incomplete = { ...big([15]), many: [round(15, 15_500_000, 2, { verdict: 'incomplete' })] };
    expect(benchTargets([incomplete], 2)[0]!.met).toBe(false);
    const timedOut = { ...big([15]), many: [{ kind: 'timeout', seconds: 120 } as const] };
    expect(benchTargets([timedOut], 2)[0]).toMatchObject({ met: false, detail: 'timed out at 120 s' });
  });

  test('wide-latency over 2 s on every core is missed', () => {
    expect(benchTargets([wide(2.1)], 2)[1]).toMatchObject({ met: false, detail: 'safe, 2.1 s (1.3 s on 1)' });
  });

  test('one core, or a shape not benchmarked: unmeasured, never met', () => {
    const oneCore = benchTargets([{ ...big([]), many: null }, { ...wide(1), many: null }], 1);
    expect(oneCore.slice(0, 4).map((result) => [result.met, result.detail])).toStrictEqual(Array(4).fill([null, 'not measured: one core']));
    const none = benchTargets([], 2);
    expect(none.map((result) => result.met)).toStrictEqual([null, null, null, null, null]);
  });

  test('reference: ratio above 1.5, another verdict or a longer counterexample is a miss; a reference that timed out is not compared', () => {
    const at = (states: number, ref: ReferenceOutcome, extra: Partial<BenchRecord> = {}): ScenarioRounds => ({ scenario: `s${states}`, one: [round(1, states, 1, extra)], many: null, reference: ref });
    expect(benchTargets([at(150, reference(100))], 2)[4]).toMatchObject({ met: true, detail: '1 scenario, ratio at most 1.50' });
    expect(benchTargets([at(151, reference(100))], 2)[4]).toMatchObject({ met: false, detail: 's151: 1.51x' });
    expect(benchTargets([at(10, reference(100, 'violation', 7), { verdict: 'violation', counterexampleSteps: 7 })], 2)[4]!.met).toBe(true);
    expect(benchTargets([at(10, reference(100, 'violation', 7), { verdict: 'violation', counterexampleSteps: 8 })], 2)[4]).toMatchObject({ met: false, detail: 's10: 8 steps against 7' });
    expect(benchTargets([at(10, reference(100))].map((result) => ({ ...result, one: [round(1, 10, 1, { verdict: 'violation', counterexampleSteps: 3 })] })), 2)[4]!.met).toBe(false);
    expect(benchTargets([at(10, { kind: 'timeout' })], 2)[4]).toMatchObject({ met: null, detail: 'nothing compared; not compared: s10 (reference timeout)' });
    expect(benchTargets([at(10, reference(100, 'incomplete (time)'))], 2)[4]!.met).toBeNull();
    expect(benchTargets([at(10, { kind: 'timeout' }), at(120, reference(100))], 2)[4]).toMatchObject({ met: true, detail: '1 scenario, ratio at most 1.20; not compared: s10 (reference timeout)' });
  });

  test('formatTarget marks each line', () => {
    expect(formatTarget({ target: 't', met: false, detail: 'd' })).toBe('  NOT MET    t: d');
    expect(formatTarget({ target: 't', met: null, detail: 'd' })).toBe('  unmeasured t: d');
  });
});
