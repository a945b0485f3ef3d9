// The fuzzer's scheduler: answers taken from a list of integers that
// fast-check generates and shrinks. Answer i is list[i] mod the count; past
// the end of the list every answer is 0 (the first due client, the least
// latency, lag, skew and start). Shrinking the list towards fewer and smaller
// integers therefore moves the run towards that plainest schedule, and the
// answers actually given (recorded as usual) replay with ReplayChooser.

import type { Chooser } from '../engine/chooser.ts';

export class ListChooser implements Chooser {
  private next = 0;
  constructor(private readonly list: readonly number[]) {
    for (const value of list) if (!(Number.isInteger(value) && value >= 0)) throw new Error(`list chooser: ${value} is not a natural number`);
  }

  pick(count: number, what: string): number {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`chooser: ${what} asked with count ${count}`);
    // A forced choice takes nothing from the list, as RandomChooser draws nothing for it.
    if (count === 1) return 0;
    if (this.next >= this.list.length) return 0;
    const answer = this.list[this.next]! % count;
    this.next += 1;
    return answer;
  }

  /** List entries used so far. */
  get consumed(): number {
    return this.next;
  }
}
