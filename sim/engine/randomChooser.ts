// Random answers from one seeded generator (seedrandom's ARC4), so that a
// seed and a run index reproduce a run on any machine.

import seedrandom from 'seedrandom';
import type { Chooser } from './chooser.ts';

export class RandomChooser implements Chooser {
  private readonly random: seedrandom.PRNG;
  constructor(seed: string) {
    this.random = seedrandom(seed);
  }

  pick(count: number, what: string): number {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`chooser: ${what} asked with count ${count}`);
    // A forced choice draws nothing, so adding a one-way branch to a model
    // does not reshuffle every later random answer.
    if (count === 1) return 0;
    return Math.floor(this.random.quick() * count);
  }
}

/** The seed of one random run: runs are independent, so any one replays alone. */
export function runSeed(seed: string, run: number): string {
  return `${seed}/${run}`;
}
