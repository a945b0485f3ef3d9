// A benchmark search timed over several rounds. On a shared machine one run
// can take half again as long as the next for the same code (measured: five
// back-to-back runs of one build spread from 24.3 to 31.4 s), so the rows
// and the targets use the median round, and the spread is printed beside it.

import type { ChildOutcome } from './benchInChild.ts';

/** Rounds of one search (same scenario, same workers), in the order they ran. */
export type Rounds = readonly ChildOutcome[];

/**
 * The round that stands for all: a round that timed out or crashed, if any
 * (the first such: a search that failed once is not fast), else the median
 * by search time, the slower of the two middle ones for an even count.
 */
export function medianRound(rounds: Rounds): ChildOutcome {
  if (!(rounds.length >= 1)) throw new Error('bench rounds: no round');
  const failed = rounds.find((round) => round.kind !== 'ok');
  if (failed !== undefined) return failed;
  const bySeconds = [...rounds].sort((a, b) => seconds(a) - seconds(b));
  return bySeconds[Math.floor(bySeconds.length / 2)]!;
}

/** The largest peak RSS of any round that finished, in kilobytes; null when none did. */
export function peakRssKb(rounds: Rounds): number | null {
  let peak: number | null = null;
  for (const round of rounds) {
    if (round.kind === 'ok' && (peak === null || round.record.maxRssKb > peak)) peak = round.record.maxRssKb;
  }
  return peak;
}

/** Each round's search time, as printed beside the median ("15.9 16.4 17.4 s"), or what stopped it. */
export function roundsText(rounds: Rounds): string {
  return rounds.map((round) => (round.kind === 'ok' ? round.record.seconds.toFixed(1) : round.kind)).join(' ');
}

/** Rounds of one search must agree on what they found: only the time may differ. */
export function checkRoundsAgree(rounds: Rounds): void {
  const done = rounds.flatMap((round) => (round.kind === 'ok' ? [round.record] : []));
  for (const record of done) {
    const first = done[0]!;
    if (record.verdict !== first.verdict) throw new Error(`bench rounds: ${first.file} gave ${first.verdict}, then ${record.verdict}`);
    if (record.states !== first.states) throw new Error(`bench rounds: ${first.file} explored ${first.states} states, then ${record.states}`);
    if (record.counterexampleSteps !== first.counterexampleSteps) throw new Error(`bench rounds: ${first.file} gave counterexamples of ${first.counterexampleSteps} and ${record.counterexampleSteps} steps`);
  }
}

function seconds(round: ChildOutcome): number {
  if (round.kind !== 'ok') throw new Error('bench rounds: a failed round has no time');
  return round.record.seconds;
}
