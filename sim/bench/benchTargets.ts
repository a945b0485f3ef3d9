// The targets of issue 10 (section 5, with sections 2 and 4), judged from
// the exhaustive benchmark's rounds: what `npm run bench` must show for the
// engine to be done. Timing targets use the median round (benchRounds.ts).
// A target that this machine cannot measure (one core, a scenario missing or
// failed, a reference that timed out) says so: met is null, never true.

import type { ChildOutcome } from './benchInChild.ts';
import type { BenchRecord } from './benchOne.ts';
import { medianRound, peakRssKb, type Rounds } from './benchRounds.ts';
import type { ReferenceOutcome } from './referenceFigures.ts';

/** One benchmark scenario's rounds: on one worker, and on every core when the search was big enough to start threads. */
export type ScenarioRounds = {
  scenario: string;
  one: Rounds;
  /** Null when not run on several workers (one core, or too small a search). */
  many: Rounds | null;
  reference: ReferenceOutcome | null;
};

export type TargetResult = { target: string; met: boolean | null; detail: string };

/** The shapes the targets name (bench/*.yaml). */
export const bigShape = 'three-upgraders-syncer';
export const wideShape = 'two-upgraders-wide-latency';

const bigSecondsMax = 30;
const bigRssMbMax = 1024;
const wideSecondsMax = 2;
const perWorkerStatesPerSecondMin = 500_000;
const speedupMin = 1.7;
const referenceRatioMax = 1.5;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function record(outcome: ChildOutcome): BenchRecord | null {
  return outcome.kind === 'ok' ? outcome.record : null;
}

function failure(outcome: ChildOutcome): string {
  return outcome.kind === 'timeout' ? `timed out at ${outcome.seconds} s` : outcome.kind === 'crashed' ? 'crashed' : 'ok';
}

function perWorkerRate(r: BenchRecord): number {
  return r.states / Math.max(r.seconds, 1e-9) / (r.workers ?? 1);
}

export function benchTargets(results: readonly ScenarioRounds[], cores: number): TargetResult[] {
  if (!(cores >= 1)) throw new Error('bench targets: cores must be positive');
  const byName = new Map(results.map((result) => [result.scenario, result]));
  const big = byName.get(bigShape);
  const wide = byName.get(wideShape);
  return [bigTarget(big, cores), wideTarget(wide, cores), rateTarget(big, cores), speedupTarget(big, cores), referenceTarget(results)];
}

/** Rounds on every core, or why there are none. */
function manyRounds(result: ScenarioRounds | undefined, cores: number): Rounds | string {
  if (result === undefined) return 'not benchmarked';
  if (cores < 2) return 'not measured: one core';
  if (result.many === null) return 'not run on several workers';
  return result.many;
}

function bigTarget(big: ScenarioRounds | undefined, cores: number): TargetResult {
  const target = `${bigShape} proven safe on ${cores} workers in at most ${bigSecondsMax} s, peak RSS at most 1 GB`;
  const rounds = manyRounds(big, cores);
  if (typeof rounds === 'string') return { target, met: null, detail: rounds };
  const median = medianRound(rounds);
  const r = record(median);
  if (r === null) return { target, met: false, detail: failure(median) };
  const rssMb = peakRssKb(rounds)! / 1024;
  const met = r.verdict === 'safe' && r.seconds <= bigSecondsMax && rssMb <= bigRssMbMax;
  return { target, met, detail: `${r.verdict}, ${r.seconds.toFixed(1)} s, ${rssMb.toFixed(0)} MB` };
}

function wideTarget(wide: ScenarioRounds | undefined, cores: number): TargetResult {
  const target = `${wideShape} in at most ${wideSecondsMax} s on ${cores} workers`;
  const rounds = manyRounds(wide, cores);
  if (typeof rounds === 'string') return { target, met: null, detail: rounds };
  const median = medianRound(rounds);
  const r = record(median);
  if (r === null) return { target, met: false, detail: failure(median) };
  const one = record(medianRound(wide!.one));
  const oneText = one === null ? '' : ` (${one.seconds.toFixed(1)} s on 1)`;
  return { target, met: r.verdict !== 'incomplete' && r.seconds <= wideSecondsMax, detail: `${r.verdict}, ${r.seconds.toFixed(1)} s${oneText}` };
}

function rateTarget(big: ScenarioRounds | undefined, cores: number): TargetResult {
  const target = `at least ${count(perWorkerStatesPerSecondMin)} distinct states/s a worker (${bigShape}, 1 and ${cores} workers)`;
  const rounds = manyRounds(big, cores);
  if (typeof rounds === 'string') return { target, met: null, detail: rounds };
  const one = record(medianRound(big!.one));
  const many = record(medianRound(rounds));
  if (one === null || many === null) return { target, met: false, detail: 'a round did not finish' };
  const oneRate = perWorkerRate(one);
  const manyRate = perWorkerRate(many);
  const met = oneRate >= perWorkerStatesPerSecondMin && manyRate >= perWorkerStatesPerSecondMin;
  return { target, met, detail: `${count(oneRate)} on 1, ${count(manyRate)} a worker on ${many.workers ?? 1}` };
}

/**
 * The median over rounds of one worker's time over every core's in the same
 * round: the two runs of a round are back to back, so a machine that slows
 * down for minutes slows both, where medians taken apart would pair a slow
 * minute with a fast one.
 */
function speedupTarget(big: ScenarioRounds | undefined, cores: number): TargetResult {
  const target = `${cores} workers at least ${speedupMin}x as fast as 1 (${bigShape}, the median round)`;
  const rounds = manyRounds(big, cores);
  if (typeof rounds === 'string') return { target, met: null, detail: rounds };
  const pairs = Math.min(big!.one.length, rounds.length);
  const speedups: number[] = [];
  for (let round = 0; round < pairs; round += 1) {
    const one = record(big!.one[round]!);
    const many = record(rounds[round]!);
    if (one === null || many === null) return { target, met: false, detail: 'a round did not finish' };
    speedups.push(one.seconds / Math.max(many.seconds, 1e-9));
  }
  // The lower middle one of an even count: a target is not met by the luckier half.
  const sorted = [...speedups].sort((a, b) => a - b);
  const speedup = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { target, met: speedup >= speedupMin, detail: `${speedup.toFixed(2)}x (rounds: ${speedups.map((each) => `${each.toFixed(2)}x`).join(' ')})` };
}

/**
 * Every scenario the reference finished: locksim's state count at most 1.5x
 * its count (compared only where both searches were complete), the same
 * verdict, and a counterexample no longer than its.
 */
function referenceTarget(results: readonly ScenarioRounds[]): TargetResult {
  const target = `states at most ${referenceRatioMax}x the reference's, same verdict, counterexample no longer`;
  const misses: string[] = [];
  const uncompared: string[] = [];
  let compared = 0;
  let ratioMax = 0;
  for (const result of results) {
    const reference = result.reference;
    if (reference === null) continue;
    const r = record(medianRound(result.one));
    if (reference.kind !== 'ok' || r === null) {
      uncompared.push(`${result.scenario} (${reference.kind !== 'ok' ? `reference ${reference.kind}` : 'locksim did not finish'})`);
      continue;
    }
    const f = reference.figures;
    if (f.verdict.startsWith('incomplete') || r.verdict === 'incomplete') {
      uncompared.push(`${result.scenario} (incomplete)`);
      continue;
    }
    compared += 1;
    if (r.verdict !== f.verdict) misses.push(`${result.scenario}: ${r.verdict} against ${f.verdict}`);
    if (f.verdict === 'safe') {
      const ratio = r.states / f.states;
      ratioMax = Math.max(ratioMax, ratio);
      if (ratio > referenceRatioMax) misses.push(`${result.scenario}: ${ratio.toFixed(2)}x`);
    }
    if (r.counterexampleSteps !== null && f.counterexampleSteps !== null && r.counterexampleSteps > f.counterexampleSteps) {
      misses.push(`${result.scenario}: ${r.counterexampleSteps} steps against ${f.counterexampleSteps}`);
    }
  }
  const notCompared = uncompared.length > 0 ? `; not compared: ${uncompared.join(', ')}` : '';
  if (compared === 0) return { target, met: null, detail: `nothing compared${notCompared}` };
  if (misses.length > 0) return { target, met: false, detail: `${misses.join('; ')}${notCompared}` };
  return { target, met: true, detail: `${compared} ${compared === 1 ? 'scenario' : 'scenarios'}, ratio at most ${ratioMax.toFixed(2)}${notCompared}` };
}

/** One line a target: met, NOT MET, or not measured, then what was measured. */
export function formatTarget(result: TargetResult): string {
  const mark = result.met === null ? 'unmeasured' : result.met ? 'met' : 'NOT MET';
  return `  ${mark.padEnd(10)} ${result.target}: ${result.detail}`;
}
