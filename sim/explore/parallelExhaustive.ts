/// <reference lib="es2024.sharedmemory" />
// The exhaustive search on several threads (`--workers N`, ExhaustiveLimits.workers):
// the same breadth-first search as sim/explore/exhaustive.ts, level by level,
// with every thread expanding chunks of the level and inserting into one
// shared fingerprint table (sim/engine/sharedFingerprintSet.ts). Synchronous:
// the main thread takes part as thread 0 and waits at the end of each level
// with Atomics.wait; workers (exhaustiveWorker.mjs) get everything through
// shared memory at start and report back through it, errors included.
//
// Start-up. Small searches must not pay for threads: the main thread runs
// the first levels alone (on the shared table already, which costs a single
// thread nothing), exactly as the sequential search would. At
// `parallelTuning.bootStates` states it boots the worker threads (tsx and
// every module: 0.4-0.7 s of CPU each), unless a search before it in this
// process left them running (see `pool`); at `startStates` it moves the
// interner's ids into shared memory (sim/engine/interner.ts) and sends each
// worker the search. Each level of at least `levelStates` states is then
// shared with every worker that is ready. A search that ends first never
// waits for them.
//
// The result is one worker's, whatever N. Levels are the same sets of states
// in any order, so a search that ends safe, or at maxDepth, has exactly the
// states, depth, transitions and reached clients of the sequential search,
// and returns them. Where the sequential search would stop inside a level
// (a violation, maxStates, a fault) it depends on its order, so the parallel
// search stops there and the sequential search is run again up to that
// depth: its result (counterexample, trace, counts) or its error is returned,
// byte for byte what one worker gives. The same when the sequential search
// might run out of memory (judged by an upper bound of what it would hold),
// when the shared tables are too small, or when the simulator cannot be
// rebuilt in a worker (only prepare()'s can).
//
// The shared table grows (doubling, by the threads that pause for it at a
// state boundary, together: see growTable) up to the next power of two of maxStates / 0.7 slots, 8 bytes
// each, fewer if that passes the memory bound; that much allocated up front
// was touched all over at once (512 MB resident and a page fault an
// insertion for a 300,000-state search with maxStates 40,000,000).
//
// Measured on 2 cores (bench/three-upgraders-syncer.yaml, 15.5M states, npm
// run bench -- exhaustive, five runs): one worker 26.3-28.2 s, two 15.9-17.4 s
// (1.62-1.73x), peak RSS 751-770 MB and 663-696 MB.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { findSafetyProperty, type Json, type SafetyProperty } from '../../model/index.ts';
import { enumerateChoices } from '../engine/enumerateChoices.ts';
import { prepare } from '../engine/prepare.ts';
import { GrowthShare, SharedFingerprintSet } from '../engine/sharedFingerprintSet.ts';
import { createSegmentBuffers, entriesPerChunk, metaWordsPerSegment, type SegmentBuffers } from '../engine/sharedFrontier.ts';
import { SharedCapacityError, type SharedInternerBuffers } from '../engine/sharedInterner.ts';
import { ProtocolFault, type Simulator } from '../engine/simulator.ts';
import { exploreExhaustive } from './exhaustive.ts';
import type { ExploreResult, Progress } from './exploreResult.ts';
import {
  controlWords,
  ctl,
  errorKind,
  heartbeatAt,
  LevelRunner,
  participatesAt,
  planAt,
  readError,
  readyAt,
  stopReason,
  type ErrorReport,
  type LevelShared,
  type WorkerData,
} from './parallelLevel.ts';

/** When the main thread starts workers and hands them levels. Tests lower these to reach the parallel code on small scenarios. */
export const parallelTuning = {
  /**
   * States stored before the worker threads are booted, if no earlier search
   * of this process left them running (see `pool`): searches smaller than
   * this never start a thread. A boot costs 0.4-0.7 s of CPU (tsx and every
   * module) and slows the main thread by a fifth to a half while it lasts,
   * more than a search of fewer than ~50,000 states (0.3 s) could gain.
   */
  bootStates: 50_000,
  /** States stored, by the main thread alone, before the search is sent to the workers. */
  startStates: 1 << 16,
  /** The smallest level shared with workers: below it, waking them costs more than they save. */
  levelStates: 1 << 11,
  /** The shared table's least capacity, log2 of slots (tests lower it, so that small searches grow it many times). */
  tableLog2Min: 16,
  /** Wait for every worker to be ready once started (tests: so that small searches do use them). */
  awaitWorkers: false,
};
/** Most threads one search uses, whatever --workers says. */
export const workersMax = 256;
/** A level's workers all silent this long: one died or hangs. */
const heartbeatTimeoutMs = 60_000;
const waitSliceMs = 200;
/** States the main thread admits between its memory checks and progress reports. */
const checkEveryStates = 1 << 12;
const tableLoadMax = 0.7;

export type ParallelLimits = { maxStates: number; maxDepth: number; memoryBytesMax: number; workers: number };

/** What the parallel search found: its own result, or the depth to which the sequential search must be run instead. */
export type ParallelOutcome =
  | { kind: 'result'; result: ExploreResult }
  | { kind: 'sequential'; maxDepth: number; why: string; error: Error | null };

/**
 * Worker threads, booted once and kept (idle in their event loop, unref'd)
 * for the searches that follow: only a process's first parallel search pays
 * for their start. A search that held much memory retires them, so that no
 * idle thread keeps its shared buffers alive until its next collection.
 */
const pool: Worker[] = [];
/** Pool threads are retired after a search whose shared table held more than this. */
const poolKeptTableBytes = 1 << 26;

/** Boots worker threads up to `count`, if not already running. */
export function bootWorkers(count: number): void {
  while (pool.length < Math.min(count, workersMax - 1)) {
    const worker = new Worker(new URL('./exhaustiveWorker.mjs', import.meta.url));
    // Errors come through shared memory; an 'error' event must not crash the process.
    worker.on('error', () => {});
    worker.on('exit', () => {
      const at = pool.indexOf(worker);
      if (at >= 0) pool.splice(at, 1);
    });
    worker.unref();
    pool.push(worker);
  }
}

/** Stops the pool's threads: after an error, a hang, or a search whose buffers are large. */
function retireWorkers(): void {
  for (const worker of pool.splice(0)) void worker.terminate();
}

/** The default of --workers: one per core. */
export function workersDefault(): number {
  return Math.min(availableParallelism(), workersMax);
}

/** The error a thread reported, as the sequential search would have thrown it. */
export function errorOfReport(report: ErrorReport): Error {
  if (report.kind === errorKind.fault) {
    const fault = new ProtocolFault(report.message, report.client, report.state as Json);
    fault.where = report.where;
    return fault;
  }
  const error = new Error(`exhaustive worker ${report.thread}: ${report.message}`);
  error.stack = `${error.message}\n--- in the worker:\n${report.stack}`;
  return error;
}

/** Whether a worker given only the scenario builds this very simulator (protocol, reductions, properties). */
function rebuildable(sim: Simulator, properties: readonly SafetyProperty[]): boolean {
  try {
    const probe = prepare(sim.scenario);
    if (probe.sim.protocol !== sim.protocol) return false;
    if (JSON.stringify(probe.sim.plan) !== JSON.stringify(sim.plan)) return false;
    return properties.every((property) => findSafetyProperty(property.name) === property);
  } catch {
    return false;
  }
}

/** The FingerprintSet's bytes after `states` insertions (it starts at 2^16 slots and doubles past 3/4 full). */
function fingerprintSetBytes(states: number): number {
  let slots = 1 << 16;
  while (states > slots * 0.75) slots *= 2;
  return slots * 8;
}

/** A GrowableInt32's bytes after `length` pushes. */
function growableBytes(length: number): number {
  let capacity = 1 << 16;
  while (capacity < length) capacity *= 2;
  return capacity * 4;
}

/** A PackedQueue's bytes once it has held `bytes`. */
function queueBytes(bytes: number): number {
  let capacity = 1 << 16;
  while (capacity < bytes) capacity *= 2;
  return capacity;
}

/**
 * At least what the sequential search holds at any of its memory checks up to
 * `states` states, given the widest level's bytes and entries here: its set
 * and parent links are functions of the count, and each of its two queues
 * holds at most the widest level, with a parent index (4 bytes) an entry
 * more than a shared level's and the slack its growth asks for.
 */
export function sequentialBytesBound(states: number, levelBytesMax: number, levelEntriesMax: number): number {
  return fingerprintSetBytes(states) + 2 * growableBytes(states) + 2 * queueBytes(levelBytesMax + 4 * levelEntriesMax + (1 << 16));
}

function depthReason(maxDepth: number): string {
  return `stopped at maxDepth (${maxDepth})`;
}

/**
 * The exhaustive search on `limits.workers` threads, with one worker's
 * result: the parallel search's own when it is that (it ended safe or at
 * maxDepth), else the sequential search's, run to where the parallel one
 * stopped.
 */
export function exploreOnWorkers(sim: Simulator, properties: readonly SafetyProperty[], limits: ParallelLimits, onProgress?: (progress: Progress) => void): ExploreResult {
  const outcome = exploreParallel(sim, properties, limits, onProgress);
  if (outcome.kind === 'result') return outcome.result;
  // Throws what one worker throws, if it throws.
  const result = exploreExhaustive(sim, properties, { maxStates: limits.maxStates, maxDepth: outcome.maxDepth, memoryMb: limits.memoryBytesMax / 2 ** 20, workers: 1 }, onProgress);
  const cut = outcome.maxDepth < limits.maxDepth;
  // Run to a lesser depth, the sequential search must stop inside it, as the parallel one did.
  if (cut && (result.verdict === 'safe' || result.incompleteReason === depthReason(outcome.maxDepth))) {
    throw outcome.error ?? new Error(`exhaustive: the parallel search stopped at depth ${outcome.maxDepth} (${outcome.why}), one thread does not (a nondeterministic model?)`);
  }
  if (!cut && outcome.error !== null && result.verdict === 'safe') throw outcome.error;
  return result;
}

export function exploreParallel(sim: Simulator, properties: readonly SafetyProperty[], limits: ParallelLimits, onProgress?: (progress: Progress) => void): ParallelOutcome {
  const threads = Math.min(limits.workers, workersMax);
  const sequential = (maxDepth: number, why: string, error: Error | null = null): ParallelOutcome => ({
    kind: 'sequential',
    maxDepth: Math.max(1, Math.min(limits.maxDepth, maxDepth)),
    why,
    error,
  });
  if (threads < 2) return sequential(limits.maxDepth, 'one thread');
  if (!rebuildable(sim, properties)) return sequential(limits.maxDepth, "the simulator is not prepare()'s: workers cannot rebuild it");

  const control = new Int32Array(new SharedArrayBuffer(4 * controlWords(threads)));
  const meta = new Int32Array(new SharedArrayBuffer(4 * 2 * threads * metaWordsPerSegment));
  const segments: SegmentBuffers[][] = [0, 1].map(() => Array.from({ length: threads }, () => createSegmentBuffers()));
  const reachedBuffer = new SharedArrayBuffer(4 * Math.max(1, sim.clientIds.length));
  const transitionsBuffer = new SharedArrayBuffer(8 * threads);
  const errorBytes = new SharedArrayBuffer(1 << 16);
  const shared: LevelShared = {
    threads,
    control,
    meta,
    segments,
    reached: new Int32Array(reachedBuffer),
    transitions: new Float64Array(transitionsBuffer),
    maxStates: limits.maxStates,
    errorBytes,
  };

  // The shared table from the first state on, though the first levels are
  // this thread's alone: the workers are then handed it as it is, and the
  // search's hot path sees one kind of set (with two, V8 inlined neither
  // set's probe into it). At most what maxStates needs at 0.7 load, and
  // what the memory bound allows.
  let maxLog2 = 16;
  while (maxLog2 < 30 && 2 ** maxLog2 * tableLoadMax < limits.maxStates) maxLog2 += 1;
  while (maxLog2 > 16 && 8 * 2 ** maxLog2 > limits.memoryBytesMax) maxLog2 -= 1;
  const table = SharedFingerprintSet.create(Math.min(parallelTuning.tableLog2Min, maxLog2), maxLog2);
  /** Whether the workers have been sent the search (see start). */
  let started = false;
  const states = (): number => table.size;
  const setBytes = (): number => table.bytes;
  const segmentBytes = (): number => {
    let bytes = 0;
    for (const parity of segments) for (const segment of parity) bytes += segment.data.byteLength + segment.index.byteLength;
    return bytes;
  };
  const heldBytes = (): number => setBytes() + segmentBytes();
  const transitions = (): number => {
    let total = 0;
    for (let thread = 0; thread < threads; thread += 1) total += shared.transitions[thread]!;
    return total;
  };

  const runner = new LevelRunner(sim, properties, shared, 0, table);
  let depthMax = 0;
  let frontierNow = 0;
  /** The workers taking part in the current level. */
  let helpers: number[] = [];
  const progress = (size: number): void => {
    onProgress?.({ states: size, transitions: transitions() + runner.transitions - shared.transitions[0]!, depth: depthMax, runs: 0, frontier: frontierNow, memoryBytes: heldBytes() });
  };
  let admittedSinceCheck = 0;
  runner.onAdmitted = (size) => {
    admittedSinceCheck += 1;
    if (admittedSinceCheck < checkEveryStates) return;
    admittedSinceCheck = 0;
    if (heldBytes() >= limits.memoryBytesMax) Atomics.compareExchange(control, ctl.stop, 0, stopReason.memory);
    progress(size);
  };

  /** Waits until `until()`; growing the set when asked to, if `grows`. A minute with no helper moving is an internal error. */
  const waitFor = (until: () => boolean, grows: boolean): void => {
    let beats = -1;
    // Counted in wait slices, not read from the clock: a slice ends at the
    // latest after waitSliceMs, so this many still slices mean at least that long.
    let stillSlices = 0;
    for (;;) {
      if (until()) return;
      if (grows && Atomics.load(control, ctl.growRequest) !== 0) {
        growTable();
        continue;
      }
      const events = Atomics.load(control, ctl.events);
      if (until()) return;
      Atomics.wait(control, ctl.events, events, waitSliceMs);
      let now = Atomics.load(control, ctl.events);
      for (const thread of helpers) now += Atomics.load(control, heartbeatAt(threads, thread));
      if (now !== beats) {
        beats = now;
        stillSlices = 0;
      } else if ((stillSlices += 1) * waitSliceMs > heartbeatTimeoutMs) {
        throw new Error(`exhaustive: no worker thread moved for ${heartbeatTimeoutMs / 1000} s (one died or hangs)`);
      }
      progress(states());
    }
  };
  const nextTableEpoch = (): void => {
    Atomics.add(control, ctl.tableEpoch, 1);
    Atomics.notify(control, ctl.tableEpoch);
  };
  const growthShare = new GrowthShare();
  const growthSpill = new GrowthShare();
  /**
   * Grows the shared set once every helper of the level is paused or done
   * with it, with the paused ones (see LevelRunner.pause): each takes its
   * share of the old table out, then, at the new capacity, puts it back in
   * the slots it owns, then what probed past them.
   * Alone, this thread would take all of it while they wait: half a second
   * of the big bench's two threads' time.
   */
  const growTable = (): void => {
    waitFor(() => Atomics.load(control, ctl.paused) + Atomics.load(control, ctl.done) >= helpers.length, false);
    table.flush();
    const paused = Atomics.load(control, ctl.paused);
    // No thread can stop the search meanwhile (every other one is paused or
    // done), so a growth begun here is one every paused thread takes part in.
    if (Atomics.load(control, ctl.stop) === 0 && table.beginGrowth()) {
      const parts = 1 + paused;
      Atomics.store(control, ctl.growParts, parts);
      Atomics.store(control, ctl.growDone, 0);
      Atomics.store(control, ctl.growTaken, 0);
      nextTableEpoch();
      const taken = table.takeShare(0, parts, growthShare);
      waitFor(() => Atomics.load(control, ctl.growDone) >= paused, false);
      const takenAll = taken + Atomics.load(control, ctl.growTaken);
      if (takenAll !== table.size) throw new Error(`exhaustive: the threads took ${takenAll} fingerprints out of a table of ${table.size} while growing it`);
      table.publishGrowth();
      Atomics.store(control, ctl.growDone, 0);
      nextTableEpoch();
      table.placeOwned(growthShare, 0, parts, growthSpill);
      waitFor(() => Atomics.load(control, ctl.growDone) >= paused, false);
      Atomics.store(control, ctl.growDone, 0);
      nextTableEpoch();
      table.placeShare(growthSpill);
      waitFor(() => Atomics.load(control, ctl.growDone) >= paused, false);
      Atomics.store(control, ctl.growParts, 0);
    }
    table.refresh();
    Atomics.store(control, ctl.paused, 0);
    Atomics.store(control, ctl.growRequest, 0);
    nextTableEpoch();
  };
  runner.onGrowRequest = growTable;

  let posted = false;
  const used = new Set<number>([0]);
  const quit = (retire = false): void => {
    // Whatever a worker is doing, it stops at its next state.
    Atomics.compareExchange(control, ctl.stop, 0, stopReason.error);
    Atomics.store(control, ctl.quit, 1);
    Atomics.add(control, ctl.generation, 1);
    Atomics.notify(control, ctl.generation);
    // Paused threads wait on the epoch.
    Atomics.add(control, ctl.tableEpoch, 1);
    Atomics.notify(control, ctl.tableEpoch);
    if (posted && (retire || table.bytes > poolKeptTableBytes)) retireWorkers();
  };

  /** Moves the interner's ids into shared memory and starts the workers; an outcome if it cannot. */
  const start = (): ParallelOutcome | null => {
    let interner: SharedInternerBuffers;
    try {
      interner = sim.keys.share();
    } catch (error) {
      if (error instanceof SharedCapacityError) return sequential(limits.maxDepth, error.message);
      throw error;
    }
    started = true;
    const base = {
      threads,
      scenario: sim.scenario,
      properties: properties.map((property) => property.name),
      plan: JSON.stringify(sim.plan),
      maxStates: limits.maxStates,
      control: control.buffer as SharedArrayBuffer,
      meta: meta.buffer as SharedArrayBuffer,
      segments,
      reached: reachedBuffer,
      transitions: transitionsBuffer,
      errorBytes,
      fingerprints: table.buffers,
      interner,
      ctl,
    };
    bootWorkers(threads - 1);
    posted = true;
    pool.slice(0, threads - 1).forEach((worker, index) => {
      const job: WorkerData & { ctl: typeof ctl } = { ...base, thread: index + 1 };
      worker.postMessage(job);
    });
    return null;
  };

  /** What a stop asks for, once the workers are told to quit. */
  const stopped = (): ParallelOutcome => {
    const reason = Atomics.load(control, ctl.stop);
    const stopDepth = Atomics.load(control, ctl.stopDepth);
    const report = readError(control, errorBytes);
    quit(report !== null);
    if (report !== null) {
      if (report.kind === errorKind.capacity) return sequential(limits.maxDepth, report.message);
      return sequential(stopDepth, 'an error', errorOfReport(report));
    }
    if (reason === stopReason.violation) return sequential(stopDepth, 'a violation');
    if (reason === stopReason.maxStates) return sequential(stopDepth, 'maxStates');
    return sequential(limits.maxDepth, reason === stopReason.memory ? 'memory' : 'the shared table is full');
  };

  try {
    // Level 0, the initial states: this thread alone, as the sequential search does.
    runner.beginOutput(0);
    let going = true;
    enumerateChoices(
      (chooser) => sim.init(chooser),
      (world) => {
        if (going) going = runner.admit(world);
      },
    );
    runner.endOutput();
    if (Atomics.load(control, ctl.stop) !== 0) return stopped();

    let frontierStatesMax = 0;
    let frontierBytesMax = 0;
    let generation = 0;
    for (let depth = 0; ; depth += 1) {
      const inputParity = depth % 2;
      let frontier = 0;
      let frontierBytes = 0;
      for (let thread = 0; thread < threads; thread += 1) {
        const slot = (inputParity * threads + thread) * metaWordsPerSegment;
        frontier += Atomics.load(meta, slot);
        // The segment publishes the words it holds: four bytes each.
        frontierBytes += 4 * Atomics.load(meta, slot + 1);
      }
      frontierNow = frontier;
      frontierStatesMax = Math.max(frontierStatesMax, frontier);
      frontierBytesMax = Math.max(frontierBytesMax, frontierBytes);
      if (sequentialBytesBound(states(), frontierBytesMax, frontierStatesMax) >= limits.memoryBytesMax) {
        quit();
        return sequential(limits.maxDepth, 'the sequential search may run out of memory');
      }
      if (heldBytes() >= limits.memoryBytesMax) {
        quit();
        return sequential(limits.maxDepth, 'memory');
      }
      // Counted in batches, the stop at maxStates can come late: one worker would have stopped inside a level.
      if (states() >= limits.maxStates) {
        quit();
        return sequential(limits.maxDepth, 'maxStates');
      }
      if (frontier === 0 || depth >= limits.maxDepth) {
        quit();
        return {
          kind: 'result',
          result: {
            verdict: frontier === 0 ? 'safe' : 'incomplete',
            counterexample: null,
            incompleteReason: frontier === 0 ? null : depthReason(limits.maxDepth),
            reached: Object.fromEntries(sim.clientIds.map((id, index) => [id, Atomics.load(shared.reached, index) !== 0])),
            stats: {
              states: states(),
              transitions: transitions(),
              runs: 0,
              depth: depthMax,
              storedBytes: setBytes(),
              frontierBytes: frontierBytesMax,
              frontierStates: frontierStatesMax,
              workers: used.size,
            },
          },
        };
      }
      if (!started && states() >= parallelTuning.bootStates) bootWorkers(threads - 1);
      if (!started && states() >= parallelTuning.startStates) {
        const given = start();
        if (given !== null) return given;
        if (parallelTuning.awaitWorkers) {
          const ready = (): boolean => {
            for (let thread = 1; thread < threads; thread += 1) if (Atomics.load(control, readyAt(threads, thread)) !== 1) return false;
            return true;
          };
          waitFor(() => ready() || Atomics.load(control, ctl.stop) !== 0, false);
          if (Atomics.load(control, ctl.stop) !== 0) return stopped();
        }
      }

      // The level's plan: every segment of the input parity, in chunks; the output parity emptied.
      helpers = [];
      if (Atomics.load(control, ctl.growRequest) !== 0) growTable();
      let chunks = 0;
      for (let thread = 0; thread < threads; thread += 1) {
        Atomics.store(control, planAt(threads, thread), chunks);
        chunks += Math.ceil(Atomics.load(meta, (inputParity * threads + thread) * metaWordsPerSegment) / entriesPerChunk);
        const out = ((1 - inputParity) * threads + thread) * metaWordsPerSegment;
        Atomics.store(meta, out, 0);
        Atomics.store(meta, out + 1, 0);
      }
      Atomics.store(control, planAt(threads, threads), chunks);
      Atomics.store(control, ctl.chunks, chunks);
      Atomics.store(control, ctl.cursor, 0);
      Atomics.store(control, ctl.inputParity, inputParity);
      Atomics.store(control, ctl.depth, depth);
      Atomics.store(control, ctl.done, 0);
      Atomics.store(control, ctl.paused, 0);
      if (started && frontier >= parallelTuning.levelStates) {
        for (let thread = 1; thread < threads; thread += 1) if (Atomics.load(control, readyAt(threads, thread)) === 1) helpers.push(thread);
      }
      // Before any helper starts admitting.
      const statesBefore = states();
      generation += 1;
      for (const thread of helpers) {
        Atomics.store(control, participatesAt(thread), generation);
        used.add(thread);
      }
      Atomics.store(control, ctl.generation, generation);
      if (helpers.length > 0) Atomics.notify(control, ctl.generation);

      runner.runLevel();
      const level = helpers;
      waitFor(() => Atomics.load(control, ctl.done) >= level.length, true);
      if (Atomics.load(control, ctl.stop) !== 0) return stopped();
      if (states() > statesBefore) depthMax = depth + 1;
    }
  } catch (error) {
    quit(true);
    throw error;
  }
}
