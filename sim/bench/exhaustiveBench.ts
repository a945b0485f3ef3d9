// The exhaustive part of `npm run bench`: each benchmark scenario in a child
// process of its own, then, for pending-lock, the reference checker on the
// same file, one after the other so that neither slows the other down. The
// children search with the compiled package (dist/, built first), as an
// installed locksim does: through tsx, each worker thread would compile the
// sources again at boot, a few tenths of a second of the search.

import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parallelTuning } from '../explore/parallelExhaustive.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import { BenchSettingError } from './benchSettingError.ts';
import { benchInChild, type ChildOutcome } from './benchInChild.ts';
import { checkRoundsAgree, medianRound, roundsText } from './benchRounds.ts';
import { benchTargets, formatTarget, type ScenarioRounds } from './benchTargets.ts';
import { buildPackage } from './buildPackage.ts';
import { exhaustiveBenchFiles, repositoryRoot } from './exhaustiveBenchFiles.ts';
import { exhaustiveHeader, exhaustiveRowNotes, formatExhaustiveRow, type ExhaustiveRow } from './formatExhaustiveRow.ts';
import { referenceFigures, referenceUnavailable } from './referenceFigures.ts';

const defaultTimeoutSeconds = 120;
const defaultRounds = 3;
const roundsMax = 20;

/** Below this many states a search never starts worker threads, so one row says it all. */
const parallelBenchStatesMin = parallelTuning.bootStates;

/** A positive number of seconds from the environment variable `name`, else `fallback`. */
function secondsFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new BenchSettingError(`${name} must be a positive number of seconds, not ${JSON.stringify(text)}`);
  return value;
}

/** Rounds of each search big enough to start threads: LOCKSIM_BENCH_ROUNDS, else 3 (see benchRounds.ts). */
function roundCount(): number {
  const text = process.env.LOCKSIM_BENCH_ROUNDS;
  if (text === undefined || text === '') return defaultRounds;
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= 1 && value <= roundsMax)) throw new BenchSettingError(`LOCKSIM_BENCH_ROUNDS must be a whole number from 1 to ${roundsMax}, not ${JSON.stringify(text)}`);
  return value;
}

export async function exhaustiveBench(): Promise<void> {
  // Each child: LOCKSIM_BENCH_TIMEOUT_S, else 120 s. The reference: LOCKSIM_BENCH_REF_TIMEOUT_S, else the same (it needs about 10 minutes for three-upgraders-syncer).
  const timeout = secondsFromEnv('LOCKSIM_BENCH_TIMEOUT_S', defaultTimeoutSeconds);
  const referenceTimeout = secondsFromEnv('LOCKSIM_BENCH_REF_TIMEOUT_S', timeout);
  const rounds = roundCount();
  const cores = availableParallelism();
  const noReference = referenceUnavailable();
  buildPackage();
  console.log(`exhaustive: one child process per scenario and round, at most ${timeout} s each (LOCKSIM_BENCH_TIMEOUT_S)`);
  console.log(`  searches of ${parallelBenchStatesMin.toLocaleString('en-US')} states or more: ${rounds} rounds on 1 worker and on ${cores}, alternated (LOCKSIM_BENCH_ROUNDS); rows show the median round`);
  console.log(noReference === null ? `  ref: python3 ../shared/reference/ref.py on each pending-lock scenario, at most ${referenceTimeout} s each (LOCKSIM_BENCH_REF_TIMEOUT_S)` : `  ref: not run (${noReference})`);
  console.log(exhaustiveHeader());
  const notes: string[] = [];
  const results: ScenarioRounds[] = [];
  for (const file of exhaustiveBenchFiles()) {
    const path = join(repositoryRoot, file);
    const scenario = basename(file, '.yaml');
    const one: ChildOutcome[] = [await benchInChild(path, timeout)];
    // The reference only models pending-lock; it refuses every other protocol as bad input.
    const pendingLock = loadScenario(path).protocol.name === 'pending-lock';
    const reference = noReference === null && pendingLock ? await referenceFigures(path, referenceTimeout) : null;
    // Searches big enough to start worker threads run again on every core (check's default), for the 2-core targets, alternated with one worker.
    // Only a search known to be small skips them: one that timed out or crashed on one worker is not.
    const first = one[0]!;
    const big = !(first.kind === 'ok' && first.record.states < parallelBenchStatesMin);
    let many: ChildOutcome[] | null = null;
    if (big) {
      many = [];
      for (let round = 0; round < rounds; round += 1) {
        if (round > 0) one.push(await benchInChild(path, timeout));
        if (cores > 1) many.push(await benchInChild(path, timeout, cores));
      }
      if (many.length === 0) many = null;
    }
    checkRoundsAgree([...one, ...(many ?? [])]);
    results.push({ scenario, one, many, reference });
    const rows: ExhaustiveRow[] = [{ scenario, locksim: medianRound(one), reference }];
    if (many !== null) rows.push({ scenario, locksim: medianRound(many), reference });
    for (const row of rows) {
      console.log(formatExhaustiveRow(row));
      notes.push(...exhaustiveRowNotes(row));
    }
    if (one.length > 1) notes.push(`${scenario}: rounds on 1 worker ${roundsText(one)} s${many === null ? '' : `; on ${cores} ${roundsText(many)} s`}`);
  }
  for (const note of notes) console.log(`  ${note}`);
  console.log('  B/state: visited-state store bytes per distinct state; frontier B/st: bytes per state queued in the widest BFS frontier;');
  console.log("  RSS: the child process's peak; s: search time only; states/s: all workers together; ratio: locksim states / ref states, where both searches were complete");
  console.log('targets (issue 10):');
  for (const target of benchTargets(results, cores)) console.log(formatTarget(target));
}
