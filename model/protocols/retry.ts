// What a built-in client does when an attempt fails: wait `retryDelay` ticks
// and start over, or, on its last attempt, stop for good. Shared so that
// every built-in counts attempts the same way as pending-lock.

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
  if (!(state.attemptsLeft >= 1)) throw new Error(`${protocolName}: gave up with no attempt running`);
  if (!(Number.isInteger(retryDelayTicks) && retryDelayTicks >= 0)) throw new Error(`${protocolName}: retryDelay must be whole ticks >= 0`);
  const attemptsLeft = state.attemptsLeft - 1;
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
