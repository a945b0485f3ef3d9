// Liveness counterexamples are lassos: a prefix, then a loop that repeats
// forever. A trace may carry `loop: { start }`, the step where the loop
// begins; traces of safety violations have none.

import type { TraceFile } from './traceFile.ts';

/** The step the loop starts at, or null when the trace has no loop. */
export function loopStartOf(trace: TraceFile): number | null {
  const loop = (trace as TraceFile & { loop?: { start?: unknown } }).loop;
  if (loop === undefined || loop === null) return null;
  const start = loop.start;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start >= trace.steps.length) {
    throw new Error(`trace: loop.start ${String(start)} is not a step of this trace`);
  }
  return start;
}
