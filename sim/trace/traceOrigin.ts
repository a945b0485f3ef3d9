import type { TraceFile } from './traceFile.ts';

/** How the search that found a trace found it, in the words every view uses. */
export function traceOrigin(trace: Pick<TraceFile, 'mode' | 'run' | 'seed'>, shortestWords: string): string {
  if (trace.mode === 'random') return `random run ${trace.run} of seed ${trace.seed}`;
  if (trace.mode === 'systematic') return 'systematic search (the fewest preemptions, then the fewest steps)';
  return shortestWords;
}
