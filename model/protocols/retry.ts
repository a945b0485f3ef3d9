// What a built-in client does when an attempt fails: wait `retryDelay` ticks
// and start over, or, on its last attempt, stop for good. Shared so that
// every built-in counts attempts the same way as pending-lock.

import { z } from 'zod';
import type { StepOutput } from '../protocol.ts';

/** A state that counts attempts and has a `start` and a final `released` pc. */
export type Attempting = { pc: string; attemptsLeft: number };

/**
 * `firstStep` is the protocol's first step of an attempt, taken from a state
 * at pc `start`. A wait is at least one tick (the simulator rejects shorter
 * ones), so a zero delay takes that first step now instead of waiting.
 */
export function retryOrStop<State extends Attempting>(
  protocolName: string,
  state: State,
  retryDelayTicks: number,
  firstStep: (state: State) => StepOutput<State>,
  why: string,
): StepOutput<State> {
  if (!(state.attemptsLeft >= 1 || state.attemptsLeft === unbounded)) throw new Error(`${protocolName}: gave up with no attempt running`);
  if (!(Number.isInteger(retryDelayTicks) && retryDelayTicks >= 0)) throw new Error(`${protocolName}: retryDelay must be whole ticks >= 0`);
  const attemptsLeft = state.attemptsLeft === unbounded ? unbounded : state.attemptsLeft - 1;
  if (attemptsLeft === 0) {
    return { state: { ...state, pc: 'released', attemptsLeft }, effect: { kind: 'done', outcome: 'gave-up' }, note: why };
  }
  const restarted: State = { ...state, pc: 'start', attemptsLeft };
  if (retryDelayTicks === 0) {
    const retry = firstStep(restarted);
    return { ...retry, note: `${why}; retries at once` };
  }
  return { state: restarted, effect: { kind: 'wait', ticks: retryDelayTicks }, note: `${why}; retries in ${retryDelayTicks} ticks` };
}

/** In a state's `attemptsLeft` or `roundsLeft`, this stands for unbounded. */
export const unbounded = -1;

/** The `attempts` option: how many times a client tries before it gives up for good; `unbounded` for liveness checks. */
export const attemptsOption = z.union([z.number().int().min(1), z.literal('unbounded')]).default(1);

/** The `rounds` option: how many times a client does its job (holds its section) before it stops; `unbounded` for a client that keeps coming back, like a continuous syncer. */
export const roundsOption = z.union([z.number().int().min(1), z.literal('unbounded')]).default(1);

export function initialCount(option: number | 'unbounded'): number {
  return option === 'unbounded' ? unbounded : option;
}

export function describeAttempts(attemptsLeft: number): string {
  return attemptsLeft === unbounded ? 'unbounded attempts' : `${attemptsLeft} attempts left`;
}

/** A state that may repeat its job: `roundsLeft` counts rounds after the current one, when the `rounds` option is not 1. */
export type Repeating = Attempting & { roundsLeft?: number };

/**
 * A round is over: stop for good, or (with rounds left) wait `retryDelay`
 * and start again with a full set of attempts. A zero delay starts at once.
 */
export function finishOrRepeat<State extends Repeating>(
  state: State,
  options: { rounds: number | 'unbounded'; attempts: number | 'unbounded'; retryDelay: number },
  firstStep: (state: State) => StepOutput<State>,
): StepOutput<State> {
  const roundsLeft = state.roundsLeft;
  if (options.rounds === 1 || roundsLeft === undefined || roundsLeft === 0) {
    return { state: { ...state, pc: 'released' }, effect: { kind: 'done', outcome: 'finished' } };
  }
  const again: State = {
    ...state,
    pc: 'start',
    attemptsLeft: initialCount(options.attempts),
    roundsLeft: roundsLeft === unbounded ? unbounded : roundsLeft - 1,
  };
  if (options.retryDelay === 0) return { ...firstStep(again), note: 'starts its next round' };
  return { state: again, effect: { kind: 'wait', ticks: options.retryDelay }, note: `next round in ${options.retryDelay} ticks` };
}
