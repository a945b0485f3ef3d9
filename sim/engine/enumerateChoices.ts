// Enumerates every answer vector a chooser could give to one run of a step,
// depth-first in lexicographic order, like an odometer. The exhaustive
// explorer uses it to list the successors of a state without knowing what
// the simulator asks: the questions are discovered by asking them.

import type { Chooser } from './chooser.ts';

/** Answer vectors in one step above this mean the scenario's ranges are unreasonably wide. */
export const choiceVectorsMax = 1 << 20;

/**
 * A chooser that, run repeatedly over the same step, answers every vector
 * once: `start()`, run the step, then `advance()` until it returns false.
 */
export class Odometer implements Chooser {
  private answersBuffer: number[] = [];
  private counts: number[] = [];
  private length = 0;
  /** Answers fixed for the next run; beyond them the odometer answers 0. */
  private prefixLength = 0;
  private vectors = 0;

  start(): void {
    this.length = 0;
    this.prefixLength = 0;
    this.vectors = 0;
  }

  pick(count: number, what: string): number {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`chooser: ${what} asked with count ${count}`);
    const index = this.length;
    let answer = 0;
    if (index < this.prefixLength) {
      answer = this.answersBuffer[index]!;
      if (answer >= count || this.counts[index] !== count) {
        throw new Error(`chooser: ${what} changed its count between runs (nondeterministic step)`);
      }
    }
    this.answersBuffer[index] = answer;
    this.counts[index] = count;
    this.length = index + 1;
    return answer;
  }

  /** The answers of the run just made. */
  answers(): number[] {
    return this.answersBuffer.slice(0, this.length);
  }

  /** Moves to the next vector; false when every vector has been run. */
  advance(): boolean {
    this.vectors += 1;
    let position = this.length - 1;
    while (position >= 0 && this.answersBuffer[position]! + 1 >= this.counts[position]!) position -= 1;
    if (position < 0) return false;
    // Checked only when there is a next vector, so that exactly choiceVectorsMax is allowed.
    if (this.vectors >= choiceVectorsMax) throw new Error(`chooser: more than ${choiceVectorsMax} choice vectors in one step`);
    this.answersBuffer[position] = this.answersBuffer[position]! + 1;
    this.prefixLength = position + 1;
    this.length = 0;
    return true;
  }
}

/** Calls `visit` once per answer vector of `body`, with its result and answers. */
export function enumerateChoices<T>(body: (chooser: Chooser) => T, visit: (result: T, answers: readonly number[]) => void): number {
  const odometer = new Odometer();
  odometer.start();
  let vectors = 0;
  do {
    const result = body(odometer);
    visit(result, odometer.answers());
    vectors += 1;
  } while (odometer.advance());
  return vectors;
}
