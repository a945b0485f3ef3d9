// One search in a parallel exhaustive search's worker thread (booted by
// exhaustiveWorker.mjs, which calls this for each search it is sent):
// rebuilds the main thread's simulator from the scenario, makes its interner
// use the shared ids before it interns anything, then expands each BFS level
// it is told to take part in, and waits (Atomics.wait) between levels, until
// the main thread says quit. It never posts a message: everything goes
// through shared memory, since the main thread's event loop is blocked.

import { findSafetyProperty, type SafetyProperty } from '../../model/index.ts';
import { prepare } from '../engine/prepare.ts';
import { SharedFingerprintSet } from '../engine/sharedFingerprintSet.ts';
import { ctl, LevelRunner, participatesAt, readyAt, reportError, signalEvent, type LevelShared, type WorkerData } from './parallelLevel.ts';

export function runWorker(data: WorkerData): void {
  const control = new Int32Array(data.control);
  const { thread, threads } = data;
  // A search that ended while this thread was busy with an earlier one.
  if (Atomics.load(control, ctl.quit) !== 0) return;
  let runner: LevelRunner;
  try {
    const { sim } = prepare(data.scenario);
    const plan = JSON.stringify(sim.plan);
    if (plan !== data.plan) throw new Error(`the worker's simulator reduces otherwise than the main thread's: ${plan} against ${data.plan}`);
    sim.keys.joinShared(data.interner);
    const properties: SafetyProperty[] = data.properties.map((name) => {
      const property = findSafetyProperty(name);
      if (property === undefined) throw new Error(`unknown safety property ${name}`);
      return property;
    });
    const shared: LevelShared = {
      threads,
      control,
      meta: new Int32Array(data.meta),
      segments: data.segments,
      reached: new Int32Array(data.reached),
      transitions: new Float64Array(data.transitions),
      maxStates: data.maxStates,
      errorBytes: data.errorBytes,
    };
    runner = new LevelRunner(sim, properties, shared, thread, SharedFingerprintSet.over(data.fingerprints));
  } catch (error) {
    reportError(control, data.errorBytes, thread, -1, error);
    return;
  }
  // Read before saying ready: the main thread only counts this thread in for a later generation.
  let seen = Atomics.load(control, ctl.generation);
  Atomics.store(control, readyAt(threads, thread), 1);
  signalEvent(control);
  for (;;) {
    if (Atomics.load(control, ctl.quit) !== 0) return;
    // Quitting bumps the generation too, so this wait cannot miss it.
    Atomics.wait(control, ctl.generation, seen);
    if (Atomics.load(control, ctl.quit) !== 0) return;
    const generation = Atomics.load(control, ctl.generation);
    if (generation === seen) continue;
    seen = generation;
    if (Atomics.load(control, participatesAt(thread)) !== generation) continue;
    runner.runLevel();
    Atomics.add(control, ctl.done, 1);
    signalEvent(control);
  }
}
