// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, ASPLOS 2010), the scheduler of Coyote and P: each client gets
// a random priority, the highest-priority due client always runs next, and
// at d - 1 random steps the client that runs is demoted below all others.
// A bug of depth d (d orderings that must happen in order) among n clients
// and k steps is then found with probability at least 1 / (n * k^(d-1)) per
// run, where a uniform scheduler can need exponentially many runs.
//
// Only the next-event question is scheduled by priority; every other choice
// (latency, lag, skew, start) is uniform, as in RandomChooser. Answers are
// positions among the candidates, so a PCT run replays with ReplayChooser.

import seedrandom from 'seedrandom';
import type { Chooser } from './chooser.ts';

export type PctOptions = {
  /** Clients in the scenario: priorities are per client index. */
  clients: number;
  /** Bug depth d: d - 1 priority change points per run. */
  depth: number;
  /** Estimated next-event questions in one run (k): change points are drawn in [1, k]. */
  stepsEstimate: number;
};

/** Most change points: depth is a small number in practice, and each costs a priority level. */
export const pctDepthMax = 64;

export class PctChooser implements Chooser {
  private readonly random: seedrandom.PRNG;
  /** Per client index; the due client with the highest runs next. */
  private readonly priorities: number[];
  /** Step number (1-based) to the priority the client that runs it drops to. */
  private readonly changePoints = new Map<number, number>();
  private steps = 0;

  constructor(seed: string, options: PctOptions) {
    const { clients, depth, stepsEstimate } = options;
    if (!(Number.isInteger(clients) && clients >= 1)) throw new Error(`pct: ${clients} clients`);
    if (!(Number.isInteger(depth) && depth >= 1 && depth <= pctDepthMax)) throw new Error(`pct: depth ${depth} outside [1, ${pctDepthMax}]`);
    if (!(Number.isInteger(stepsEstimate) && stepsEstimate >= 1)) throw new Error(`pct: steps estimate ${stepsEstimate}`);
    this.random = seedrandom(seed);
    // Initial priorities d .. d+n-1 in random order (Fisher-Yates), above
    // the change-point priorities 1 .. d-1.
    this.priorities = Array.from({ length: clients }, (_, index) => depth + index);
    for (let index = clients - 1; index > 0; index -= 1) {
      const other = this.below(index + 1);
      const swap = this.priorities[index]!;
      this.priorities[index] = this.priorities[other]!;
      this.priorities[other] = swap;
    }
    // d - 1 distinct steps in [1, k] (Floyd's sampling: exactly one draw each).
    const wanted = Math.min(depth - 1, stepsEstimate);
    const chosen: number[] = [];
    for (let top = stepsEstimate - wanted + 1; top <= stepsEstimate; top += 1) {
      const step = 1 + this.below(top);
      chosen.push(chosen.includes(step) ? top : step);
    }
    chosen.forEach((step, index) => this.changePoints.set(step, index + 1));
    if (this.changePoints.size !== wanted) throw new Error('pct: change points are not distinct');
  }

  /** An integer in [0, count). */
  private below(count: number): number {
    return Math.floor(this.random.quick() * count);
  }

  pick(count: number, what: string, candidates?: readonly number[]): number {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`chooser: ${what} asked with count ${count}`);
    if (candidates === undefined) return count === 1 ? 0 : this.below(count);
    if (candidates.length !== count) throw new Error(`pct: ${what} has ${candidates.length} candidates for ${count} answers`);
    this.steps += 1;
    let best = 0;
    let bestPriority = this.priorityOf(candidates[0]!);
    for (let position = 1; position < count; position += 1) {
      const priority = this.priorityOf(candidates[position]!);
      if (priority > bestPriority) {
        best = position;
        bestPriority = priority;
      }
    }
    const demoted = this.changePoints.get(this.steps);
    if (demoted !== undefined) this.priorities[candidates[best]!] = demoted;
    return best;
  }

  private priorityOf(client: number): number {
    const priority = this.priorities[client];
    if (priority === undefined) throw new Error(`pct: client ${client} is not one of ${this.priorities.length}`);
    return priority;
  }

  /** Next-event questions answered so far. */
  get stepsTaken(): number {
    return this.steps;
  }
}

/** Counts the next-event questions a run asks, answering through another chooser. */
export class StepCounter implements Chooser {
  steps = 0;
  constructor(private readonly inner: Chooser) {}

  pick(count: number, what: string, candidates?: readonly number[]): number {
    if (candidates !== undefined) this.steps += 1;
    return this.inner.pick(count, what, candidates);
  }
}
