import { describe, expect, test } from 'vitest';
import type { ChildOutcome } from '../../../sim/bench/benchInChild.ts';
import type { BenchRecord } from '../../../sim/bench/benchOne.ts';
import { checkRoundsAgree, medianRound, peakRssKb, roundsText } from '../../../sim/bench/benchRounds.ts';

function round(seconds: number, extra: Partial<BenchRecord> = {}): ChildOutcome {
  const record: BenchRecord = {
    file: 'bench/x.yaml', name: 'x', protocol: 'pending-lock', verdict: 'safe', states: 100, transitions: 200, depth: 5,
    storedBytes: 1_000, frontierBytes: null, frontierStates: null, workers: 1, counterexampleSteps: null, seconds, maxRssKb: 1_000, ...extra,
  };
  return { kind: 'ok', record };
}

describe('medianRound', () => {
  test('the middle round by time, whatever order they ran in', () => {
    expect(medianRound([round(3), round(1), round(2)])).toStrictEqual(round(2));
  });
  test('the slower middle one of an even count', () => {
    expect(medianRound([round(1), round(4), round(2), round(3)])).toStrictEqual(round(3));
  });
  test('a round that timed out stands for all: a search that failed once is not fast', () => {
    const timeout: ChildOutcome = { kind: 'timeout', seconds: 120 };
    expect(medianRound([round(1), timeout, round(2)])).toStrictEqual(timeout);
  });
  test('no round is an error', () => {
    expect(() => medianRound([])).toThrow('no round');
  });
});

test('peakRssKb: the largest of the rounds that finished', () => {
  expect(peakRssKb([round(1, { maxRssKb: 5 }), round(2, { maxRssKb: 9 }), { kind: 'timeout', seconds: 1 }])).toBe(9);
  expect(peakRssKb([{ kind: 'timeout', seconds: 1 }])).toBeNull();
});

test('roundsText: each round in order, a failed one by what stopped it', () => {
  expect(roundsText([round(15.94), { kind: 'timeout', seconds: 120 }, round(17.4)])).toBe('15.9 timeout 17.4');
});

test('checkRoundsAgree: rounds may differ in time only', () => {
  expect(() => checkRoundsAgree([round(1), round(2)])).not.toThrow();
  expect(() => checkRoundsAgree([round(1), round(2, { states: 101 })])).toThrow('explored 100 states, then 101');
  expect(() => checkRoundsAgree([round(1), round(2, { verdict: 'violation' })])).toThrow('gave safe, then violation');
  expect(() => checkRoundsAgree([round(1, { counterexampleSteps: 5 }), round(2, { counterexampleSteps: 6 })])).toThrow('5 and 6 steps');
});
