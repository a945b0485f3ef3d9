// Rebuilds a run from the ordinals of its successors: the one way every
// explorer (breadth-first and liveness) turns a path of stored states back
// into the chooser's answers, by re-running the model. A search stores, per
// state, only which successor of its parent it was; the answers that made it
// are found again by enumerating that parent's successors in the same order.

import type { Chooser } from '../engine/chooser.ts';
import { enumerateChoices } from '../engine/enumerateChoices.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { World } from '../engine/world.ts';

/** The result and answers of the `ordinal`-th choice vector of one run of `body`. */
export function answersAt<T>(body: (chooser: Chooser) => T, ordinal: number): { result: T; answers: number[] } {
  if (!(Number.isInteger(ordinal) && ordinal >= 0)) throw new Error(`rebuild: ordinal ${ordinal} is not a successor index`);
  let found: { result: T; answers: number[] } | null = null;
  let seen = 0;
  enumerateChoices(body, (result, answers) => {
    if (seen === ordinal) found = { result, answers: answers.slice() };
    seen += 1;
  });
  if (found === null) throw new Error(`rebuild: successor ${ordinal} no longer exists (nondeterministic model)`);
  return found;
}

/** The answers of the run that starts at initial state `initOrdinal` and takes successor `stepOrdinals[i]` at step i. */
export function rebuildAnswers(sim: Simulator, initOrdinal: number, stepOrdinals: readonly number[]): { answers: number[]; world: World; steps: number } {
  const answers: number[] = [];
  const init = answersAt((chooser) => sim.init(chooser), initOrdinal);
  answers.push(...init.answers);
  let world = init.result;
  for (const ordinal of stepOrdinals) {
    const current = world;
    const next = answersAt((chooser) => sim.step(current, chooser), ordinal);
    answers.push(...next.answers);
    world = next.result;
  }
  return { answers, world, steps: stepOrdinals.length };
}
