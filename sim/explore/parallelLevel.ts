/// <reference lib="es2024.sharedmemory" />
// What the threads of a parallel exhaustive search share (the control words,
// the layout of shared memory, how an error is reported) and the work each
// of them does in one BFS level: claim chunks of the level's entries from
// every thread's segment, decode each state, enumerate its successors with
// the Odometer as sim/explore/exhaustive.ts does, and admit each: encode,
// fingerprint, insert, mark reached, check the properties, append to this
// thread's segment of the next level unless finished. The main thread runs
// the same code (sim/explore/parallelExhaustive.ts), alone in early levels.

import type { SafetyProperty } from '../../model/index.ts';
import { Odometer } from '../engine/enumerateChoices.ts';
import { GrowthShare, SharedFingerprintSet, type SharedFingerprintBuffers } from '../engine/sharedFingerprintSet.ts';
import { SegmentReader, SegmentWriter, type SegmentBuffers } from '../engine/sharedFrontier.ts';
import { SuccessorBatch, successorBatchTarget } from '../engine/successorBatch.ts';
import type { SharedInternerBuffers } from '../engine/sharedInterner.ts';
import { SharedCapacityError } from '../engine/sharedInterner.ts';
import { ProtocolFault, type Simulator } from '../engine/simulator.ts';
import { fingerprintWords, type StateEncoder } from '../engine/stateEncoder.ts';
import type { World } from '../engine/world.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { firstViolation, markReached } from './checkProperties.ts';

/** Indices into the shared control Int32Array. */
export const ctl = {
  /** Bumped by the main thread to start a level (and to quit). */
  generation: 0,
  /** Workers done with the current level. */
  done: 1,
  /** Why the search must stop: a stopReason, 0 while it goes on. */
  stop: 2,
  /** The next chunk to claim. */
  cursor: 3,
  /** Chunks in the level. */
  chunks: 4,
  /** The parity (0 or 1) of the segments the level reads. */
  inputParity: 5,
  /** The level being expanded: its successors are admitted at depth + 1. */
  depth: 6,
  /** The depth of the states being admitted when the search was told to stop. */
  stopDepth: 7,
  errorClaim: 8,
  /** An errorKind, stored last. */
  errorKind: 9,
  errorLength: 10,
  errorThread: 11,
  quit: 12,
  /** Bumped (and notified) by a thread on every event the main thread may wait for: a level done, a pause, an error. */
  events: 13,
  /** Set by a thread that found the shared table past its growth load; every thread then pauses at its next state. */
  growRequest: 14,
  /** Threads paused for the table to grow. */
  paused: 15,
  /**
   * Bumped by the main thread at each step of a growth (see
   * parallelExhaustive.ts, growTable): paused threads take their share
   * out, put it back in the slots they own, put back what probed past
   * them, then go on; or go on at once, when growParts is 0.
   */
  tableEpoch: 16,
  /** Threads growing the table together (the main thread and the paused ones), 0 when it does not grow. */
  growParts: 17,
  /** Paused threads done with the current step of a growth. */
  growDone: 18,
  /** Fingerprints the paused threads took out of the old table, summed. */
  growTaken: 19,
  /** Then, per thread: the generation it takes part in, whether it is ready, its heartbeat; then the level's chunk plan. */
  perThread: 20,
} as const;

/** How long a paused thread waits before it looks whether the search has stopped (a quit also bumps the epoch). */
const epochWaitMs = 200;

export const stopReason = { violation: 1, maxStates: 2, tableFull: 3, error: 4, memory: 5 } as const;
export const errorKind = { fault: 1, error: 2, capacity: 3 } as const;

export function controlWords(threads: number): number {
  return ctl.perThread + 4 * threads + 1;
}
export const participatesAt = (thread: number): number => ctl.perThread + thread;
export const readyAt = (threads: number, thread: number): number => ctl.perThread + threads + thread;
export const heartbeatAt = (threads: number, thread: number): number => ctl.perThread + 2 * threads + thread;
/** plan[s] is the first chunk of segment s of the input parity; plan[threads] the level's chunk count. */
export const planAt = (threads: number, segment: number): number => ctl.perThread + 3 * threads + segment;

/** Everything a worker thread is started with. */
export type WorkerData = {
  thread: number;
  threads: number;
  scenario: Scenario;
  /** Names of the safety properties the search checks (findSafetyProperty). */
  properties: string[];
  /** JSON of the main thread's sim.plan: the worker's simulator must reduce alike. */
  plan: string;
  maxStates: number;
  control: SharedArrayBuffer;
  /** Entries and bytes of each segment: [parity][thread], two words each. */
  meta: SharedArrayBuffer;
  segments: SegmentBuffers[][];
  reached: SharedArrayBuffer;
  /** Per thread: transitions so far (Float64). */
  transitions: SharedArrayBuffer;
  errorBytes: SharedArrayBuffer;
  fingerprints: SharedFingerprintBuffers;
  interner: SharedInternerBuffers;
};

export type ErrorReport =
  | { kind: typeof errorKind.fault; message: string; client: string; state: unknown; where: string | null; thread: number }
  | { kind: typeof errorKind.error | typeof errorKind.capacity; message: string; stack: string; thread: number };

function stopWith(control: Int32Array, reason: number, depth: number): void {
  if (Atomics.compareExchange(control, ctl.stop, 0, reason) === 0) Atomics.store(control, ctl.stopDepth, depth);
}

/** Records an error for the main thread (the first one wins) and stops the search. */
export function reportError(control: Int32Array, errorBytes: SharedArrayBuffer, thread: number, depth: number, error: unknown): void {
  if (Atomics.compareExchange(control, ctl.errorClaim, 0, 1) === 0) {
    let kind: number = errorKind.error;
    let payload: object;
    if (error instanceof ProtocolFault) {
      kind = errorKind.fault;
      payload = { message: error.message, client: error.client, state: error.state, where: error.where };
    } else {
      if (error instanceof SharedCapacityError) kind = errorKind.capacity;
      const message = error instanceof Error ? error.message : String(error);
      payload = { message, stack: error instanceof Error ? (error.stack ?? '') : '' };
    }
    let bytes = Buffer.from(JSON.stringify(payload), 'utf8');
    if (bytes.length > errorBytes.byteLength) {
      kind = kind === errorKind.fault ? errorKind.error : kind;
      const message = error instanceof Error ? error.message : String(error);
      bytes = Buffer.from(JSON.stringify({ message: message.slice(0, 1000), stack: '' }), 'utf8');
    }
    new Uint8Array(errorBytes).set(bytes.subarray(0, errorBytes.byteLength));
    Atomics.store(control, ctl.errorLength, bytes.length);
    Atomics.store(control, ctl.errorThread, thread);
    Atomics.store(control, ctl.errorKind, kind);
  }
  stopWith(control, stopReason.error, depth + 1);
  signalEvent(control);
}

/** Wakes the main thread if it waits for what the threads do. */
export function signalEvent(control: Int32Array): void {
  Atomics.add(control, ctl.events, 1);
  Atomics.notify(control, ctl.events);
}

/** The error a thread reported, or null. */
export function readError(control: Int32Array, errorBytes: SharedArrayBuffer): ErrorReport | null {
  const kind = Atomics.load(control, ctl.errorKind);
  if (kind === 0) return null;
  const length = Atomics.load(control, ctl.errorLength);
  const text = Buffer.from(errorBytes, 0, length).toString('utf8');
  const thread = Atomics.load(control, ctl.errorThread);
  return { ...(JSON.parse(text) as object), kind, thread } as ErrorReport;
}

export type LevelShared = {
  threads: number;
  control: Int32Array;
  meta: Int32Array;
  segments: readonly (readonly SegmentBuffers[])[];
  reached: Int32Array;
  transitions: Float64Array;
  maxStates: number;
  errorBytes: SharedArrayBuffer;
};

export class LevelRunner {
  /** The shared visited set: every thread's, the main thread's from the first level on. */
  readonly set: SharedFingerprintSet;
  /** Called by the main thread's runner after each admitted state, with the set's size. */
  onAdmitted: ((states: number) => void) | null = null;
  /** The main thread's runner: grow the set, once every other thread is paused. */
  onGrowRequest: (() => void) | null = null;
  transitions = 0;
  private readonly encoder: StateEncoder;
  private readonly odometer = new Odometer();
  private readonly fingerprint = new Uint32Array(2);
  private readonly writers: SegmentWriter[];
  private readonly readers: SegmentReader[][];
  private readonly reachedHere: boolean[];
  private writer: SegmentWriter;
  private admitDepth = 0;
  private readonly expandEntry = (words: Int32Array, count: number): boolean => this.expand(words, count);
  /**
   * Successors made and not yet admitted: admitted a batch at a time, so
   * that their fingerprints' cache misses in the set overlap (as the
   * one-thread search does). Their order within a level changes nothing
   * the parallel search returns (a level is a set; a search that stops
   * inside one is run again on one thread).
   */
  private readonly batch = new SuccessorBatch();
  /** The slots touched ahead of the adds, kept so that the reads are not optimised away. */
  private touched = 0;
  /** This thread's share of the fingerprints while the shared set grows (see pause). */
  private readonly growthShare = new GrowthShare();
  private readonly growthSpill = new GrowthShare();

  constructor(
    readonly sim: Simulator,
    readonly properties: readonly SafetyProperty[],
    readonly shared: LevelShared,
    readonly thread: number,
    set: SharedFingerprintSet,
  ) {
    this.set = set;
    this.encoder = sim.encoder();
    const { meta, segments, threads } = shared;
    this.writers = [0, 1].map((parity) => new SegmentWriter(segments[parity]![thread]!, meta, parity * threads + thread));
    this.readers = [0, 1].map((parity) => segments[parity]!.map((buffers, owner) => new SegmentReader(buffers, meta, parity * threads + owner)));
    this.writer = this.writers[0]!;
    this.reachedHere = sim.clientIds.map(() => false);
  }

  /** Starts writing the level of `depth` (its states go to segments of parity depth % 2). */
  beginOutput(depth: number): void {
    this.admitDepth = depth;
    this.writer = this.writers[depth % 2]!;
    this.writer.reset();
  }

  /** Publishes what this thread wrote and found in the level. */
  endOutput(): void {
    this.set.flush();
    this.writer.publish();
    const reached = this.shared.reached;
    for (let index = 0; index < this.reachedHere.length; index += 1) {
      if (this.reachedHere[index] && Atomics.load(reached, index) === 0) Atomics.store(reached, index, 1);
    }
    this.shared.transitions[this.thread] = this.transitions;
  }

  get stopped(): boolean {
    return Atomics.load(this.shared.control, ctl.stop) !== 0;
  }

  /** Stores a state if new; returns false when the search must stop. */
  admit(world: World): boolean {
    const length = this.encoder.encodeWords(world);
    const words = this.encoder.encoded;
    fingerprintWords(words, this.fingerprint, length);
    return this.admitEncoded(world, this.fingerprint[0]!, this.fingerprint[1]!, words, 0, length, this.encoder.lastDueTick !== null);
  }

  /** Admits every successor held in the batch, in the order made; returns false when the search must stop (the rest are dropped). */
  private admitBatch(): boolean {
    const batch = this.batch;
    if (batch.count === 0) return true;
    this.touched ^= batch.fingerprintAll(this.set);
    let going = true;
    for (let at = 0; going && at < batch.count; at += 1) {
      going = this.admitEncoded(batch.worlds[at]!, batch.high[at]!, batch.low[at]!, batch.words, batch.starts[at]!, batch.lengths[at]!, batch.live[at] === 1);
    }
    batch.clear();
    return going;
  }

  /** Stores an encoded state (words [start, start + length)) if its fingerprint is new; returns false when the search must stop. */
  private admitEncoded(world: World, high: number, low: number, words: Int32Array, start: number, length: number, live: boolean): boolean {
    const size = this.set.add(high, low);
    if (size === 0) return true;
    markReached(world, this.reachedHere);
    const control = this.shared.control;
    if (firstViolation(world, this.sim.clientIds, this.properties) !== null) {
      stopWith(control, stopReason.violation, this.admitDepth);
      return false;
    }
    // Finished: no client is due (the encoder found the next due tick while encoding this world).
    if (live) this.writer.push(words, length, start);
    if (size >= this.shared.maxStates) {
      stopWith(control, stopReason.maxStates, this.admitDepth);
      return false;
    }
    if (size >= this.set.hardLimit) {
      stopWith(control, stopReason.tableFull, this.admitDepth);
      return false;
    }
    if (size >= this.set.growAt && Atomics.load(control, ctl.growRequest) === 0 && Atomics.compareExchange(control, ctl.growRequest, 0, 1) === 0) signalEvent(control);
    this.onAdmitted?.(size);
    return true;
  }

  /**
   * Waits at a state boundary while the shared set grows, and grows it with
   * the main thread (which runs the growth): takes this thread's share of
   * the old table out, then puts it back at the new capacity, one step
   * after another as the main thread bumps the table epoch.
   */
  private pause(): void {
    if (this.thread === 0) {
      this.onGrowRequest?.();
      return;
    }
    const control = this.shared.control;
    const set = this.set;
    const epoch = Atomics.load(control, ctl.tableEpoch);
    set.flush();
    // Paused threads take parts 1, 2, ... in the order they paused; the main thread takes part 0.
    const part = Atomics.add(control, ctl.paused, 1) + 1;
    signalEvent(control);
    if (this.awaitEpochPast(epoch) && !this.stopped && Atomics.load(control, ctl.growParts) > 0) {
      Atomics.add(control, ctl.growTaken, set.takeShare(part, Atomics.load(control, ctl.growParts), this.growthShare));
      Atomics.add(control, ctl.growDone, 1);
      signalEvent(control);
      if (this.awaitEpochPast(epoch + 1)) {
        set.refresh();
        set.placeOwned(this.growthShare, part, Atomics.load(control, ctl.growParts), this.growthSpill);
        Atomics.add(control, ctl.growDone, 1);
        signalEvent(control);
        if (this.awaitEpochPast(epoch + 2)) {
          set.placeShare(this.growthSpill);
          Atomics.add(control, ctl.growDone, 1);
          signalEvent(control);
          this.awaitEpochPast(epoch + 3);
        }
      }
    }
    set.refresh();
  }

  /** Waits until the table epoch has passed `epoch`; false if the search stopped first (a quit ends every wait). */
  private awaitEpochPast(epoch: number): boolean {
    const control = this.shared.control;
    while (Atomics.load(control, ctl.tableEpoch) === epoch) {
      if (this.stopped) return false;
      Atomics.wait(control, ctl.tableEpoch, epoch, epochWaitMs);
    }
    return true;
  }

  private expand(words: Int32Array, count: number): boolean {
    if (Atomics.load(this.shared.control, ctl.growRequest) !== 0) {
      // No add may wait across the growth: the batch goes in first.
      if (!this.admitBatch()) return false;
      this.pause();
    }
    if (this.stopped) return false;
    const world = this.encoder.decode(words, count);
    const odometer = this.odometer;
    const batch = this.batch;
    batch.beginParent();
    odometer.start();
    do {
      const next = this.sim.step(world, odometer);
      this.transitions += 1;
      const length = this.encoder.encodeWordsAt(next, batch.words, batch.wordsEnd);
      batch.add(next, this.encoder.encoded, length, 0, 0, this.encoder.lastDueTick !== null);
    } while (odometer.advance());
    return batch.count < successorBatchTarget || this.admitBatch();
  }

  /**
   * Expands the level the control words describe: claims chunks until none
   * is left or the search stops. Errors are reported, not thrown.
   */
  runLevel(): void {
    const { control, threads } = this.shared;
    const depth = Atomics.load(control, ctl.depth);
    try {
      const inputs = this.readers[Atomics.load(control, ctl.inputParity)]!;
      for (const reader of inputs) reader.refresh();
      this.set.refresh();
      this.beginOutput(depth + 1);
      const chunks = Atomics.load(control, ctl.chunks);
      const heartbeat = heartbeatAt(threads, this.thread);
      while (!this.stopped) {
        const chunk = Atomics.add(control, ctl.cursor, 1);
        if (chunk >= chunks) break;
        let segment = 0;
        while (segment + 1 < threads && Atomics.load(control, planAt(threads, segment + 1)) <= chunk) segment += 1;
        const local = chunk - Atomics.load(control, planAt(threads, segment));
        if (!inputs[segment]!.readChunk(local, this.expandEntry)) break;
        Atomics.add(control, heartbeat, 1);
      }
      // What the level made and has not admitted yet; nothing once the search has stopped (it is run again on one thread).
      if (this.stopped) this.batch.clear();
      else this.admitBatch();
      this.endOutput();
      if (this.touched === 0.5) throw new Error('parallel level: unreachable');
    } catch (error) {
      this.batch.clear();
      if (error instanceof ProtocolFault) error.where = `while expanding states at depth ${depth} of the exhaustive search`;
      try {
        this.endOutput();
      } finally {
        reportError(control, this.shared.errorBytes, this.thread, depth, error);
      }
    }
  }
}
