// The one entry to the explorers: the scenario's explore section picks the
// checker, and every checker returns the same result, whose counterexample
// becomes the same trace type.

import type { Prepared } from '../engine/prepare.ts';
import { buildTrace } from '../trace/buildTrace.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { exploreExhaustive } from './exhaustive.ts';
import type { ExploreResult, Progress } from './exploreResult.ts';
import { exploreLiveness } from './liveness.ts';
import { exploreRandom } from './random.ts';
import { defaultPreemptionsMax, exploreSystematic } from './systematic.ts';

export type Explored = { result: ExploreResult; trace: TraceFile | null };

/** How to search, beyond the scenario: `workers`, the threads of an exhaustive safety search (default 1; the result is the same). */
export type ExploreOptions = { workers?: number };

export function explore(prepared: Prepared, scenarioFile: string | null, onProgress?: (progress: Progress) => void, options: ExploreOptions = {}): Explored {
  const { sim, properties, liveness } = prepared;
  const spec = sim.scenario.explore;
  const bounds = { maxStates: spec.maxStates, maxDepth: spec.maxDepth, ...(spec.memoryMb === undefined ? {} : { memoryMb: spec.memoryMb }) };
  const result =
    liveness.length > 0
      ? exploreLiveness(sim, properties, liveness, bounds, onProgress)
      : spec.mode === 'exhaustive'
        ? exploreExhaustive(sim, properties, { ...bounds, workers: options.workers ?? 1 }, onProgress)
        : spec.mode === 'systematic'
          ? exploreSystematic(sim, properties, { preemptionsMax: spec.preemptionsMax ?? defaultPreemptionsMax, maxDepth: spec.maxDepth, schedulesMax: spec.runs, visited: spec.reduce !== false }, onProgress)
          : exploreRandom(
            sim,
            properties,
            { runs: spec.runs, maxDepth: spec.maxDepth, seed: spec.seed, scheduler: spec.scheduler, pctDepth: spec.pctDepth },
            onProgress,
          );
  if (liveness.length > 0 || spec.mode === 'exhaustive') result.reductionsOff = sim.plan.off;
  const example = result.counterexample;
  if (example === null) return { result, trace: null };
  const lasso = example.loopStart === undefined || example.loopStart === null ? null : { loopStart: example.loopStart, property: example.property, message: example.message };
  const trace = buildTrace(sim, properties, example.answers, example.steps, {
    scenarioFile,
    mode: spec.mode,
    seed: spec.mode === 'random' ? spec.seed : null,
    run: example.run,
    lasso,
  });
  if (trace.violation.property !== example.property) {
    throw new Error(`explore: the rebuilt trace broke ${trace.violation.property}, the search found ${example.property}`);
  }
  return { result, trace };
}
