// `locksim replay <trace>`: exit 0 when the re-run reaches the same
// violation through the same steps, 1 with the first divergence otherwise.

import { loadTrace } from '../trace/loadTrace.ts';
import { replayTrace } from '../trace/replayTrace.ts';
import type { Io } from './main.ts';

export function replayCommand(file: string, io: Io): number {
  const trace = loadTrace(file);
  const outcome = replayTrace(trace);
  if (outcome.same) {
    io.out(`${file}: replayed ${outcome.steps} steps; same violation of ${outcome.property}: ${outcome.message}`);
    return 0;
  }
  io.out(`${file}: DIVERGED${outcome.step === null ? '' : ` at step ${outcome.step}`}: ${outcome.reason}`);
  return 1;
}
