// The exhaustive part of `npm run bench`: each benchmark scenario in a child
// process of its own, then, for pending-lock, the reference checker on the
// same file, one after the other so that neither slows the other down. The
// children search with the compiled package (dist/, built first), as an
// installed locksim does: through tsx, each worker thread would compile the
// sources again at boot, a few tenths of a second of the search.

import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { loadScenario } from '../scenario/loadScenario.ts';
import { benchInChild } from './benchInChild.ts';
import { buildPackage } from './buildPackage.ts';
import { exhaustiveBenchFiles, repositoryRoot } from './exhaustiveBenchFiles.ts';
import { exhaustiveHeader, exhaustiveRowNotes, formatExhaustiveRow, type ExhaustiveRow } from './formatExhaustiveRow.ts';
import { referenceFigures, referenceUnavailable } from './referenceFigures.ts';

const defaultTimeoutSeconds = 120;

/** Below this many states a search never starts worker threads (parallelTuning.bootStates), so one row says it all. */
const parallelBenchStatesMin = 50_000;

/** Seconds each child (and each reference run) may take: LOCKSIM_BENCH_TIMEOUT_S, else 120. */
function timeoutSeconds(): number {
  const text = process.env.LOCKSIM_BENCH_TIMEOUT_S;
  if (text === undefined || text === '') return defaultTimeoutSeconds;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`LOCKSIM_BENCH_TIMEOUT_S must be a positive number of seconds, not ${JSON.stringify(text)}`);
  return value;
}

export async function exhaustiveBench(): Promise<void> {
  const timeout = timeoutSeconds();
  const cores = availableParallelism();
  const noReference = referenceUnavailable();
  buildPackage();
  console.log(`exhaustive: one child process per scenario, at most ${timeout} s each (LOCKSIM_BENCH_TIMEOUT_S)`);
  console.log(noReference === null ? '  ref: python3 ../shared/reference/ref.py on each pending-lock scenario' : `  ref: not run (${noReference})`);
  console.log(exhaustiveHeader());
  const notes: string[] = [];
  for (const file of exhaustiveBenchFiles()) {
    const path = join(repositoryRoot, file);
    const locksim = await benchInChild(path, timeout);
    // The reference only models pending-lock; it refuses every other protocol as bad input.
    const pendingLock = loadScenario(path).protocol.name === 'pending-lock';
    const reference = noReference === null && pendingLock ? await referenceFigures(path, timeout) : null;
    const row: ExhaustiveRow = { scenario: basename(file, '.yaml'), locksim, reference };
    console.log(formatExhaustiveRow(row));
    notes.push(...exhaustiveRowNotes(row));
    // Searches big enough to start worker threads run again on every core (check's default), for the 2-core targets.
    if (cores > 1 && locksim.kind === 'ok' && locksim.record.states >= parallelBenchStatesMin) {
      const parallel = await benchInChild(path, timeout, cores);
      const parallelRow: ExhaustiveRow = { scenario: basename(file, '.yaml'), locksim: parallel, reference };
      console.log(formatExhaustiveRow(parallelRow));
      notes.push(...exhaustiveRowNotes(parallelRow));
    }
  }
  for (const note of notes) console.log(`  ${note}`);
  console.log('  B/state: visited-state store bytes per distinct state; frontier B/st: bytes per state queued in the widest BFS frontier;');
  console.log("  RSS: the child process's peak; s: search time only; ratio: locksim states / ref states, where both searches were complete");
}
