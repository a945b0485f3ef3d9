// Enumerates every answer vector a chooser could give to one run of `body`,
// depth-first in lexicographic order, like an odometer. The exhaustive
// explorer uses it to list the successors of a state without knowing what
// the simulator asks: the questions are discovered by asking them.

import type { Chooser } from './chooser.ts';

class OdometerChooser implements Chooser {
  readonly answers: number[] = [];
  readonly counts: number[] = [];
  constructor(private readonly prefix: readonly number[]) {}

  pick(count: number, what: string): number {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`chooser: ${what} asked with count ${count}`);
    const index = this.answers.length;
    const answer = index < this.prefix.length ? this.prefix[index]! : 0;
    if (answer >= count) throw new Error(`chooser: ${what} changed its count between runs (nondeterministic step)`);
    this.answers.push(answer);
    this.counts.push(count);
    return answer;
  }
}

/**
 * Calls `visit` once per distinct answer vector, with the body's result and
 * the answers. `limit` bounds the number of vectors; exceeding it throws,
 * because a silent cut would make exhaustive search lie.
 */
export function enumerateChoices<T>(
  body: (chooser: Chooser) => T,
  visit: (result: T, answers: readonly number[]) => void,
  limit: number,
): number {
  let prefix: number[] = [];
  for (let visited = 0; visited < limit; visited += 1) {
    const chooser = new OdometerChooser(prefix);
    const result = body(chooser);
    visit(result, chooser.answers);
    const { answers, counts } = chooser;
    let position = answers.length - 1;
    while (position >= 0 && answers[position]! + 1 >= counts[position]!) position -= 1;
    if (position < 0) return visited + 1;
    prefix = answers.slice(0, position);
    prefix.push(answers[position]! + 1);
  }
  throw new Error(`chooser: more than ${limit} choice vectors in one step`);
}
