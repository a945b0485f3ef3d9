// Exhaustive breadth-first search over every interleaving and every choice in
// the scenario's ranges. Breadth-first, so the first violating state found
// is at the least depth: its path is a shortest counterexample. Each stored
// state costs a 64-bit fingerprint plus its parent's index and the ordinal of
// the successor that reached it; paths are rebuilt by re-running choices.

import type { SafetyProperty } from '../../model/index.ts';
import { enumerateChoices, Odometer } from '../engine/enumerateChoices.ts';
import { FingerprintSet } from '../engine/fingerprintSet.ts';
import { ProtocolFault } from '../engine/simulator.ts';
import type { Simulator } from '../engine/simulator.ts';
import { PackedQueue } from '../engine/packedQueue.ts';
import { SuccessorBatch, successorBatchTarget } from '../engine/successorBatch.ts';
import { firstViolation, markReached } from './checkProperties.ts';
import { rebuildAnswers } from './rebuildPath.ts';
import type { ExploreResult, Progress } from './exploreResult.ts';
import { exploreOnWorkers } from './parallelExhaustive.ts';

export type ExhaustiveLimits = {
  maxStates: number;
  maxDepth: number;
  /** Bound on the bytes the search holds (visited set, parent links, frontiers); absent: memoryMbDefault. */
  memoryMb?: number;
  /**
   * Threads to search on (sim/explore/parallelExhaustive.ts); absent or 1: this
   * thread alone. Any number gives the same result. The simulator must be
   * prepare()'s, which workers can rebuild from its scenario; another one is
   * searched on this thread alone.
   */
  workers?: number;
};

const progressEveryStates = 1 << 16;

class GrowableInt32 {
  data = new Int32Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    this.length += 1;
  }
  at(index: number): number {
    if (!(index >= 0 && index < this.length)) throw new Error('exhaustive: state index out of range');
    return this.data[index]!;
  }
}

/** The default of `explore.memoryMb`: fixed, so that where a search stops does not depend on the machine. */
export const memoryMbDefault = 4096;

/** What the search holds: the visited set, the parent links, both frontiers. Deterministic: typed arrays only. */
function heldBytes(seen: FingerprintSet, parents: GrowableInt32, ordinals: GrowableInt32, queues: readonly PackedQueue[]): number {
  let bytes = seen.bytes + parents.data.byteLength + ordinals.data.byteLength;
  for (const queue of queues) bytes += queue.capacityBytes;
  return bytes;
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function exploreExhaustive(
  sim: Simulator,
  properties: readonly SafetyProperty[],
  limits: ExhaustiveLimits,
  onProgress?: (progress: Progress) => void,
): ExploreResult {
  if (!(limits.maxStates >= 1)) throw new Error('exhaustive: maxStates must be positive');
  if (!(limits.maxDepth >= 1)) throw new Error('exhaustive: maxDepth must be positive');
  const memoryBytesMax = (limits.memoryMb ?? memoryMbDefault) * 2 ** 20;
  if (!(memoryBytesMax >= 1)) throw new Error('exhaustive: memoryMb must be positive');
  if ((limits.workers ?? 1) > 1) return exploreOnWorkers(sim, properties, { ...limits, memoryBytesMax, workers: limits.workers! }, onProgress);
  const encoder = sim.encoder();
  const seen = new FingerprintSet(16);
  const parents = new GrowableInt32();
  const ordinals = new GrowableInt32();
  const reached = sim.clientIds.map(() => false);
  let transitions = 0;
  let depthMax = 0;
  let incompleteReason: string | null = null;
  let violation: { index: number; property: string; message: string } | null = null;
  let frontierBytesMax = 0;
  let frontierStatesMax = 0;

  const odometer = new Odometer();
  let frontier = new PackedQueue();
  let nextFrontier = new PackedQueue();
  const memoryHeld = (): number => heldBytes(seen, parents, ordinals, [frontier, nextFrontier]);
  const batch = new SuccessorBatch();
  /** The slots touched by fingerprintAll, kept so that the reads are not optimised away. */
  let touched = 0;

  /** Stores the batch's successor `at` if new; returns false when the search must stop. */
  const admit = (at: number): boolean => {
    if (!seen.add(batch.high[at]!, batch.low[at]!)) return true;
    const index = parents.length;
    parents.push(batch.parents[at]!);
    ordinals.push(batch.ordinals[at]!);
    const world = batch.worlds[at]!;
    markReached(world, reached);
    if (admitDepth > depthMax) depthMax = admitDepth;
    const broken = firstViolation(world, sim.clientIds, properties);
    if (broken !== null) {
      violation = { index, ...broken };
      return false;
    }
    // Finished: no client is due (the encoder found the next due tick while encoding this world).
    if (batch.live[at] === 1) nextFrontier.push(batch.words, index, batch.lengths[at]!, batch.starts[at]!);
    if (seen.size >= limits.maxStates) {
      incompleteReason = `stopped at maxStates (${limits.maxStates})`;
      return false;
    }
    if (seen.size % progressEveryStates === 0) {
      const held = memoryHeld();
      if (held >= memoryBytesMax) {
        incompleteReason = `memory: ${formatCount(Math.round(memoryBytesMax / 2 ** 20))} MB reached at ${formatCount(seen.size)} states`;
        return false;
      }
      // The batch's later parents are still the frontier's, as they were when successors were admitted one by one.
      const pendingParents = batch.parentCount - 1 - batch.parentSeqs[at]!;
      onProgress?.({ states: seen.size, transitions, depth: depthMax, runs: 0, frontier: frontier.size + pendingParents + nextFrontier.size, memoryBytes: held });
    }
    return true;
  };

  /**
   * Admits the batch's successors in the order they were made, each counted
   * as a transition (`countTransitions`) as it is admitted, exactly as if
   * each had been admitted as soon as it was made; returns false when the
   * search must stop (the rest are dropped, as they would not have been made).
   */
  const flush = (countTransitions: boolean): boolean => {
    touched ^= batch.fingerprintAll(seen);
    let going = true;
    for (let at = 0; going && at < batch.count; at += 1) {
      if (countTransitions) transitions += 1;
      going = admit(at);
    }
    batch.clear();
    return going;
  };

  /** The depth of the states being admitted: 0 for initial states, then one past the level being expanded. */
  let admitDepth = 0;
  let initOrdinal = 0;
  batch.beginParent();
  enumerateChoices(
    (chooser) => sim.init(chooser),
    (world) => {
      const length = encoder.encodeWordsAt(world, batch.words, batch.wordsEnd);
      batch.add(world, encoder.encoded, length, -1, initOrdinal, encoder.lastDueTick !== null);
      initOrdinal += 1;
    },
  );
  let going = flush(false);

  let depth = 0;
  try {
    for (depth = 0; going; depth += 1) {
      [frontier, nextFrontier] = [nextFrontier, frontier];
      if (frontier.size === 0) break;
      admitDepth = depth + 1;
      frontierStatesMax = Math.max(frontierStatesMax, frontier.size);
      frontierBytesMax = Math.max(frontierBytesMax, frontier.usedBytes);
      if (depth >= limits.maxDepth) {
        incompleteReason = `stopped at maxDepth (${limits.maxDepth})`;
        break;
      }
      while (going && frontier.size > 0) {
        // Expand parents until the batch holds enough successors. A fault in
        // a step is raised only once the successors made before it are
        // admitted, and only if none of them stopped the search: as when
        // each was admitted as soon as it was made.
        let failure: unknown = null;
        let failed = false;
        try {
          while (batch.count < successorBatchTarget && frontier.size > 0) {
            const count = frontier.shiftInto();
            const parent = frontier.shiftedExtra;
            const world = encoder.decode(frontier.shiftedWords, count);
            batch.beginParent();
            odometer.start();
            let ordinal = 0;
            do {
              const next = sim.step(world, odometer);
              const length = encoder.encodeWordsAt(next, batch.words, batch.wordsEnd);
              batch.add(next, encoder.encoded, length, parent, ordinal, encoder.lastDueTick !== null);
              ordinal += 1;
            } while (odometer.advance());
          }
        } catch (error) {
          failure = error;
          failed = true;
        }
        going = flush(true);
        if (failed && going) throw failure;
      }
    }
  } catch (error) {
    if (error instanceof ProtocolFault) error.where = `while expanding states at depth ${depth} of the exhaustive search`;
    throw error;
  }
  if (touched === 0.5) throw new Error('exhaustive: unreachable');

  const stats = {
    states: seen.size,
    transitions,
    runs: 0,
    depth: depthMax,
    storedBytes: seen.bytes + parents.data.byteLength + ordinals.data.byteLength,
    frontierBytes: frontierBytesMax,
    frontierStates: frontierStatesMax,
    workers: 1,
  };
  const reachedById = Object.fromEntries(sim.clientIds.map((id, index) => [id, reached[index]!]));
  const found = violation as { index: number; property: string; message: string } | null;
  if (found !== null) {
    const answers = rebuildPath(sim, parents, ordinals, found.index);
    return {
      verdict: 'violation',
      counterexample: { property: found.property, message: found.message, answers: answers.flat, steps: answers.steps, run: null },
      incompleteReason: null,
      reached: reachedById,
      stats,
    };
  }
  return {
    verdict: incompleteReason === null ? 'safe' : 'incomplete',
    counterexample: null,
    incompleteReason,
    reached: reachedById,
    stats,
  };
}

/** Re-runs the path from an initial state to `index`, collecting the chooser's answers. */
function rebuildPath(sim: Simulator, parents: GrowableInt32, ordinals: GrowableInt32, index: number): { flat: number[]; steps: number } {
  const path: number[] = [];
  for (let at = index; at >= 0; at = parents.at(at)) {
    path.push(at);
    if (path.length > parents.length) throw new Error('exhaustive: cycle in parent links');
  }
  path.reverse();
  const rebuilt = rebuildAnswers(sim, ordinals.at(path[0]!), path.slice(1).map((at) => ordinals.at(at)));
  return { flat: rebuilt.answers, steps: rebuilt.steps };
}
