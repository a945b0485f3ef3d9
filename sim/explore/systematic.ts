// Systematic search by re-execution, bounded by preemptions, as CHESS does
// it: every run starts again from the scenario (real code's state cannot be
// copied), and a depth-first search over the chooser's answers runs every
// schedule whose number of preemptions is at most k, for k = 0, 1, ... up to
// the bound. A preemption is choosing another client's event while the
// client that ran last still has one due at the same tick; every other
// choice (starts, latency legs, list lag, skew, the clock phase, which
// request of a batch) is explored in full. Bugs in real protocols tend to
// need few preemptions, so the small bounds find them early, and the
// counterexample of the first level with a violation has the fewest
// preemptions; among that level's violations the search keeps the shortest.
//
// What it proves: no violation in any schedule with at most k preemptions
// within maxDepth steps. Never `safe`: schedules with more preemptions are
// not run, and nothing compares the code's hidden states.

import type { SafetyProperty } from '../../model/index.ts';
import type { Chooser } from '../engine/chooser.ts';
import { ProtocolFault } from '../engine/simulator.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { World } from '../engine/world.ts';
import type { StateEncoder } from '../engine/stateEncoder.ts';
import { firstViolation, markReached } from './checkProperties.ts';
import type { Counterexample, ExploreResult, Progress } from './exploreResult.ts';

/** `visited`: stop a schedule at a point an earlier one ran from (VisitedPoints); off, every schedule runs to its end. */
export type SystematicLimits = { preemptionsMax: number; maxDepth: number; schedulesMax: number; visited?: boolean; statesMax?: number };

export const defaultPreemptionsMax = 2;

const progressEverySchedules = 64;
/** Choices in one run above this mean a runaway run; maxDepth bounds steps, this bounds answers. */
const answersMax = 1 << 20;

/**
 * The chooser of one schedule: answers the prefix it is given, then the
 * default (keep running the client that ran last, else the first choice),
 * and records every question so that the search can branch off any of them.
 */
class ScheduleChooser implements Chooser {
  answers: number[] = [];
  counts: number[] = [];
  /** Per answer: the client behind each choice of a next-event question, or null for any other question. */
  candidates: (number[] | null)[] = [];
  /** Per answer: the client that ran last before it (-1 at start), and the preemptions before it. */
  lastBefore: number[] = [];
  preemptionsBefore: number[] = [];
  private at = 0;
  private last = -1;
  private preemptions = 0;

  constructor(private readonly prefix: readonly number[]) {}

  get lastClient(): number {
    return this.last;
  }

  get preemptionsSoFar(): number {
    return this.preemptions;
  }

  pick(count: number, _what: string, candidates?: readonly number[]): number {
    if (!(this.at < answersMax)) throw new Error(`systematic: more than ${answersMax} choices in one run`);
    const answer = this.at < this.prefix.length ? this.prefix[this.at]! : defaultAnswer(candidates ?? null, this.last);
    if (!(answer >= 0 && answer < count)) throw new Error('systematic: a recorded choice out of range (nondeterministic run?)');
    this.answers.push(answer);
    this.counts.push(count);
    this.candidates.push(candidates === undefined ? null : [...candidates]);
    this.lastBefore.push(this.last);
    this.preemptionsBefore.push(this.preemptions);
    if (candidates !== undefined) {
      this.preemptions += preemptionCost(candidates, this.last, answer);
      this.last = candidates[answer]!;
    }
    this.at += 1;
    return answer;
  }
}

function defaultAnswer(candidates: readonly number[] | null, last: number): number {
  if (candidates === null) return 0;
  const keep = candidates.indexOf(last);
  return keep >= 0 ? keep : 0;
}

/** 1 when choosing `answer` takes the turn from the client that ran last while it still has an event due. */
function preemptionCost(candidates: readonly number[], last: number, answer: number): number {
  return candidates.includes(last) && candidates[answer] !== last ? 1 : 0;
}

/** The order in which a position's answers are tried: the default first, then the others. */
function orderOf(count: number, candidates: readonly number[] | null, last: number): number[] {
  const first = defaultAnswer(candidates, last);
  const order = [first];
  for (let answer = 0; answer < count; answer += 1) if (answer !== first) order.push(answer);
  return order;
}

type ScheduleOutcome = { violation: { property: string; message: string } | null; steps: number; chooser: ScheduleChooser; cut: boolean };

/**
 * Points already run from, by world fingerprint and the client that ran
 * last: the fewest preemptions and steps it was reached with. A schedule
 * that reaches a point no better in both stops there, since every schedule
 * from it within the budget ran from the earlier visit. Sound because a
 * client's state is its code's input history, and the code is a function of
 * it (the scheduling rules of spec/implementations.md); the fingerprint is
 * the exhaustive search's, with its collision bound.
 */
class VisitedPoints {
  private readonly best = new Map<string, { preemptions: number; steps: number }>();
  private readonly fingerprint = new Uint32Array(2);
  /**
   * `encoder`: the search's one encoder, as the exhaustive search keeps one
   * (its caches give the words a fresh encoder gives). One made per point,
   * with its hundreds of kept segments (sim/engine/decodeReuse.ts), made
   * examples/async-pending-lock/strong-syncer-check-then-post.yaml take 50 s
   * instead of 4.
   */
  constructor(private readonly encoder: StateEncoder) {}

  /** Whether the point was reached before with no more preemptions and steps; records it otherwise. */
  seen(world: World, last: number, preemptions: number, steps: number): boolean {
    this.encoder.fingerprint(world, this.fingerprint);
    const key = `${this.fingerprint[0]}:${this.fingerprint[1]}:${last}`;
    const known = this.best.get(key);
    if (known !== undefined && known.preemptions <= preemptions && known.steps <= steps) return true;
    if (known === undefined || (preemptions <= known.preemptions && steps <= known.steps)) this.best.set(key, { preemptions, steps });
    return false;
  }

  get size(): number {
    return this.best.size;
  }
}

function runSchedule(sim: Simulator, properties: readonly SafetyProperty[], prefix: readonly number[], maxDepth: number, reached: boolean[], schedule: number, visited: VisitedPoints | null): ScheduleOutcome {
  const chooser = new ScheduleChooser(prefix);
  let steps = 0;
  try {
    let world = sim.init(chooser);
    markReached(world, reached);
    let violation = firstViolation(world, sim.clientIds, properties);
    while (violation === null && steps < maxDepth && !sim.isFinished(world)) {
      world = sim.step(world, chooser);
      steps += 1;
      markReached(world, reached);
      violation = firstViolation(world, sim.clientIds, properties);
      // Only past the prefix: inside it, the point is the one this schedule branches from.
      if (violation === null && visited !== null && chooser.answers.length > prefix.length && visited.seen(world, chooser.lastClient, chooser.preemptionsSoFar, steps)) {
        return { violation, steps, chooser, cut: true };
      }
    }
    return { violation, steps, chooser, cut: false };
  } catch (error) {
    if (error instanceof ProtocolFault) error.where = `at step ${steps + 1} of systematic schedule ${schedule}`;
    throw error;
  }
}

/**
 * The next schedule's prefix after `done`: the deepest question with an
 * answer not yet tried whose preemptions stay within `budget`; null when
 * every schedule below this one has run.
 */
function nextPrefix(done: ScheduleChooser, tried: number[], budget: number): number[] | null {
  for (let position = done.answers.length - 1; position >= 0; position -= 1) {
    const candidates = done.candidates[position]!;
    const last = done.lastBefore[position]!;
    const order = orderOf(done.counts[position]!, candidates, last);
    for (let next = tried[position]! + 1; next < order.length; next += 1) {
      const answer = order[next]!;
      const cost = candidates === null ? 0 : preemptionCost(candidates, last, answer);
      if (done.preemptionsBefore[position]! + cost > budget) continue;
      tried.length = position + 1;
      tried[position] = next;
      return [...done.answers.slice(0, position), answer];
    }
  }
  return null;
}

export function exploreSystematic(sim: Simulator, properties: readonly SafetyProperty[], limits: SystematicLimits, onProgress?: (progress: Progress) => void): ExploreResult {
  if (!(limits.preemptionsMax >= 0)) throw new Error('systematic: preemptionsMax must be at least 0');
  if (!(limits.schedulesMax >= 1)) throw new Error('systematic: schedulesMax must be positive');
  const reached = sim.clientIds.map(() => false);
  const encoder = sim.encoder();
  let schedules = 0;
  let states = 0;
  let depth = 0;
  let truncated = 0;
  const reachedById = () => Object.fromEntries(sim.clientIds.map((id, index) => [id, reached[index]!]));
  const statsOf = () => ({ states, transitions: states - schedules, runs: schedules, depth, storedBytes: 0, workers: 1 });
  for (let budget = 0; budget <= limits.preemptionsMax; budget += 1) {
    let best: Counterexample | null = null;
    let prefix: number[] | null = [];
    // tried[p]: which entry of position p's order the current schedule took (the prefix's, or the default 0).
    const tried: number[] = [];
    const visited = limits.visited === false ? null : new VisitedPoints(encoder);
    while (prefix !== null) {
      const statesOut = limits.statesMax !== undefined && states >= limits.statesMax;
      if (schedules >= limits.schedulesMax || statesOut) {
        if (best !== null) break;
        const bound = statesOut ? `${limits.statesMax} states` : `${limits.schedulesMax} schedules (explore.runs)`;
        const below = budget === 0 ? 'nothing is bounded' : `no violation with up to ${budget - 1} preemptions`;
        return {
          verdict: 'incomplete',
          counterexample: null,
          incompleteReason: `stopped at ${bound} with up to ${budget} preemptions unfinished; ${below}`,
          reached: reachedById(),
          stats: statsOf(),
        };
      }
      // Once a violation is known, longer runs cannot give a shorter one.
      const depthBound = best === null ? limits.maxDepth : best.steps - 1;
      const outcome = runSchedule(sim, properties, prefix, depthBound, reached, schedules, visited);
      schedules += 1;
      states += outcome.steps + 1;
      depth = Math.max(depth, outcome.steps);
      if (outcome.violation === null && !outcome.cut && outcome.steps >= limits.maxDepth) truncated += 1;
      if (outcome.violation !== null && (best === null || outcome.steps < best.steps)) {
        best = { ...outcome.violation, answers: outcome.chooser.answers, steps: outcome.steps, run: null };
      }
      for (let position = tried.length; position < outcome.chooser.answers.length; position += 1) tried[position] = 0;
      prefix = nextPrefix(outcome.chooser, tried, budget);
      if (onProgress !== undefined && schedules % progressEverySchedules === 0) onProgress({ states, transitions: states - schedules, depth, runs: schedules });
    }
    if (best !== null) {
      return { verdict: 'violation', counterexample: { ...best, message: `${best.message} (a schedule with at most ${budget} preemptions)` }, incompleteReason: null, reached: reachedById(), stats: statsOf() };
    }
  }
  const cut = truncated > 0 ? `; ${truncated} schedules stopped at maxDepth (${limits.maxDepth})` : '';
  return {
    verdict: 'incomplete',
    counterexample: null,
    incompleteReason: `no violation in any schedule with up to ${limits.preemptionsMax} preemptions (${schedules} schedules run); schedules with more preemptions were not run, so this bounds, not proves${cut}`,
    reached: reachedById(),
    stats: statsOf(),
  };
}
