// Successors waiting to be admitted to the visited set, in the order the
// search made them. The visited set is far larger than the caches, so a
// probe of it is a cache (and TLB) miss: admitted one by one, each miss is
// waited out alone, with a whole simulation step between two of them. A
// batch fingerprints its successors and touches their slots in one tight
// loop, so that the misses overlap, then hands them to the search to admit
// in order. Only when, not what or in which order, states are admitted
// changes.

import { fingerprintWordsFrom } from './stateEncoder.ts';
import type { World } from './world.ts';

/** A visited set whose slots a batch can touch ahead of its adds (FingerprintSet, SharedFingerprintSet). */
export type Touchable = { touch(low: number): number };

/** Successors a search gathers before admitting them: enough for the misses to overlap, few enough to stay in cache. */
export const successorBatchTarget = 64;

const successorsMax = 1 << 24;

export class SuccessorBatch {
  /** Successors held. */
  count = 0;
  /** Parents whose successors are held (the search's frontier no longer counts them). */
  parentCount = 0;
  /** Every held successor's encoding, one after the other (replaced by a grown copy when an encoder outgrows it). */
  words = new Int32Array(1 << 12);
  private wordsUsed = 0;
  starts = new Int32Array(successorBatchTarget * 2);
  lengths = new Int32Array(successorBatchTarget * 2);
  /** The search's index of each successor's parent, and the ordinal of the successor among the parent's. */
  parents = new Int32Array(successorBatchTarget * 2);
  ordinals = new Int32Array(successorBatchTarget * 2);
  /** Which held parent (0 for the first) made each successor. */
  parentSeqs = new Int32Array(successorBatchTarget * 2);
  /** 1 where some client is still due (the successor goes to the next frontier), 0 where every client is done. */
  live = new Uint8Array(successorBatchTarget * 2);
  /** Fingerprint halves, filled by fingerprintAll. */
  high = new Uint32Array(successorBatchTarget * 2);
  low = new Uint32Array(successorBatchTarget * 2);
  worlds: (World | null)[] = [];
  private readonly fingerprint = new Uint32Array(2);

  /** Starts the successors of the next parent. */
  beginParent(): void {
    this.parentCount += 1;
  }

  /** Where the next successor's encoding goes in `words` (see add). */
  get wordsEnd(): number {
    return this.wordsUsed;
  }

  /**
   * Holds one successor: its world, where it came from, and its encoding,
   * which the caller has written to `words` (this batch's buffer, or a grown
   * copy of it) from `wordsEnd` on: StateEncoder.encodeWordsAt, no copy.
   */
  add(world: World, words: Int32Array<ArrayBuffer>, length: number, parent: number, ordinal: number, live: boolean): void {
    const start = this.wordsUsed;
    if (!(length >= 1 && start + length <= words.length)) throw new Error('successor batch: encoding length out of range');
    if (!(this.parentCount >= 1)) throw new Error('successor batch: a successor before its parent began');
    if (this.count === this.starts.length) this.growEntries();
    const at = this.count;
    this.words = words;
    this.starts[at] = start;
    this.lengths[at] = length;
    this.parents[at] = parent;
    this.ordinals[at] = ordinal;
    this.parentSeqs[at] = this.parentCount - 1;
    this.live[at] = live ? 1 : 0;
    this.worlds[at] = world;
    this.wordsUsed = start + length;
    this.count = at + 1;
  }

  /**
   * Fingerprints every held successor, then touches its slot in `seen` in a
   * loop with nothing else in it, so that the misses overlap; returns
   * the words read, folded into one, for the caller to keep.
   */
  fingerprintAll(seen: Touchable): number {
    const fingerprint = this.fingerprint;
    for (let at = 0; at < this.count; at += 1) {
      fingerprintWordsFrom(this.words, this.starts[at]!, this.lengths[at]!, fingerprint);
      this.high[at] = fingerprint[0]!;
      this.low[at] = fingerprint[1]!;
    }
    // Apart from the hashing: a miss waits only as long as the work after it fits the processor's window.
    let sink = 0;
    for (let at = 0; at < this.count; at += 1) sink ^= seen.touch(this.low[at]!);
    return sink;
  }

  /** Empties the batch (its buffers are kept for the next). */
  clear(): void {
    for (let at = 0; at < this.count; at += 1) this.worlds[at] = null;
    this.count = 0;
    this.parentCount = 0;
    this.wordsUsed = 0;
  }

  private growEntries(): void {
    const capacity = this.starts.length * 2;
    if (capacity > successorsMax) throw new Error(`successor batch: more than ${successorsMax} successors held`);
    const grownInt = (old: Int32Array): Int32Array<ArrayBuffer> => {
      const grown = new Int32Array(capacity);
      grown.set(old);
      return grown;
    };
    this.starts = grownInt(this.starts);
    this.lengths = grownInt(this.lengths);
    this.parents = grownInt(this.parents);
    this.ordinals = grownInt(this.ordinals);
    this.parentSeqs = grownInt(this.parentSeqs);
    const live = new Uint8Array(capacity);
    live.set(this.live);
    this.live = live;
    // Fingerprints are filled after the last add, so there is nothing to keep.
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
  }
}
