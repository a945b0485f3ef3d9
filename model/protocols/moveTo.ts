// The one way a built-in protocol takes a step: set the program counter,
// return one effect, and say why when there is something to say.

import type { Effect, StepOutput } from '../protocol.ts';

export function moveTo<State extends { pc: string }>(state: State, pc: State['pc'], effect: Effect, note?: string): StepOutput<State> {
  const next = { ...state, pc };
  return note === undefined ? { state: next, effect } : { state: next, effect, note };
}
