// Replay: re-run a trace's choices from its embedded scenario and check every
// recorded step against the re-run. Since the simulator is deterministic, a
// difference means the model, the simulator or the file changed since the
// trace was written; the first difference is reported with its field.

import { canonicalJson } from '../engine/canonicalJson.ts';
import { prepare } from '../engine/prepare.ts';
import { buildTrace } from './buildTrace.ts';
import type { TraceFile, TraceStep } from './traceFile.ts';

export type ReplayOutcome =
  | { same: true; steps: number; property: string; message: string }
  | { same: false; step: number | null; reason: string };

/** The first path at which two plain-data values differ, with both sides. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): { path: string; expected: string; actual: string } | null {
  if (canonicalJson(expected ?? null) === canonicalJson(actual ?? null)) return null;
  const bothObjects = typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null;
  if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = Array.isArray(expected)
      ? Array.from({ length: Math.max(expected.length, (actual as unknown[]).length) }, (_, index) => index)
      : [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      const child = Array.isArray(expected) ? `${path}[${key}]` : `${path}${path === '' ? '' : '.'}${key}`;
      const found = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], child);
      if (found !== null) return found;
    }
  }
  const show = (value: unknown) => (value === undefined ? 'nothing' : canonicalJson(value).slice(0, 200));
  return { path: path === '' ? '(whole value)' : path, expected: show(expected), actual: show(actual) };
}

/** `step N (t=T, client)`: where a divergence is, as the trace shows it. */
function stepPlace(trace: TraceFile, index: number): string {
  const step = trace.steps[index]!;
  return `step ${index} (t=${step.tick}${step.client === null ? '' : `, ${step.client}`})`;
}

/** The first recorded step that the re-run's steps contradict, comparing as many as were re-run. */
function firstDivergence(trace: TraceFile, rebuilt: readonly TraceStep[]): ReplayOutcome | null {
  for (let index = 0; index < Math.min(trace.steps.length, rebuilt.length); index += 1) {
    const difference = firstDifference(trace.steps[index], rebuilt[index]);
    if (difference !== null) {
      return {
        same: false,
        step: index,
        reason: `${stepPlace(trace, index)} differs at ${difference.path}: the trace has ${difference.expected}, the re-run gives ${difference.actual}. Likely cause: the protocol, its options or the simulator changed since the trace was written.`,
      };
    }
  }
  return null;
}

export function replayTrace(trace: TraceFile): ReplayOutcome {
  const { sim, properties } = prepare(trace.scenario);
  const rebuiltSteps: TraceStep[] = [];
  let rebuilt: TraceFile;
  try {
    rebuilt = buildTrace(
      sim,
      properties,
      trace.choices,
      trace.steps.length - 1,
      {
        scenarioFile: trace.scenarioFile,
        mode: trace.mode,
        seed: trace.seed,
        run: trace.run,
        lasso: trace.loop === null ? null : { loopStart: trace.loop.start, property: trace.violation.property, message: trace.violation.message },
      },
      (step) => rebuiltSteps.push(step),
    );
  } catch (error) {
    // Say where: the first step the partial re-run contradicts, or else the
    // step it could not make (a choice out of range or missing), or the last
    // step when the run got there but ended differently.
    const divergence = firstDivergence(trace, rebuiltSteps);
    if (divergence !== null) return divergence;
    const index = Math.min(rebuiltSteps.length, trace.steps.length - 1);
    return {
      same: false,
      step: index,
      reason: `${stepPlace(trace, index)}: the recorded choices no longer drive the model to the recorded end: ${(error as Error).message}. The protocol or simulator changed since the trace was written, or the choices were edited.`,
    };
  }
  const divergence = firstDivergence(trace, rebuilt.steps);
  if (divergence !== null) return divergence;
  const difference = firstDifference(trace.violation, rebuilt.violation, 'violation');
  if (difference !== null) {
    return { same: false, step: trace.steps.length - 1, reason: `the violation differs at ${difference.path}: the trace has ${difference.expected}, the re-run gives ${difference.actual}` };
  }
  return { same: true, steps: trace.steps.length - 1, property: rebuilt.violation.property, message: rebuilt.violation.message };
}
