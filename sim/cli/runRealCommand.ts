// `locksim run-real <scenario> --store <url>`: the scenario's clients, real
// code from its implementation harness, run as concurrent clients of a real
// store for a bounded time, and its safety properties checked over the log of
// their markers (sim/real/runReal.ts). Exit 0 when no round broke one, 1 when
// one did, 2 for bad input (a scenario without an implementation, a --store
// that does not parse or cannot be written).

import { resolve } from 'node:path';
import { exclusiveExcludesSync, mutualExclusion } from '../../model/properties.ts';
import type { SafetyProperty } from '../../model/properties.ts';
import { implementationName } from '../impl/implementationProtocol.ts';
import { loadHarness } from '../impl/loadHarness.ts';
import type { HeldInterval, LogViolation } from '../real/checkEventLog.ts';
import { runReal, StoreUnusableError } from '../real/runReal.ts';
import type { SectionEvent } from '../real/checkEventLog.ts';
import { storeFromUrl } from '../real/storeUrl.ts';
import { InputError } from '../scenario/inputError.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import type { Io } from './main.ts';
import { thousands } from './thousands.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type RunRealCommandOptions = { store: string; timeMs: number; log?: string };

/** What an event log can show: who held which section when. fencedWrites needs a store that fences, and liveness needs a search. */
const checkable: readonly SafetyProperty[] = [mutualExclusion, exclusiveExcludesSync];

/** Failure lines printed at most, of however many a run had. */
const failuresShownMax = 10;

function interval(holder: HeldInterval): string {
  const exit = holder.exitMs === null ? 'end of round' : `${holder.exitMs.toFixed(1)} ms`;
  return `${holder.client} in ${holder.section} ${holder.enterMs.toFixed(1)} ms to ${exit}`;
}

/** One line for a round: each violation with the intervals that overlapped. */
function roundLine(file: string, round: number, violations: readonly LogViolation[]): string {
  const parts = violations.map((violation) => `${violation.property}: ${violation.message} (${violation.holders.map(interval).join('; ')})`);
  return `${file}: round ${round}: VIOLATION ${parts.join(' | ')}`;
}

function logText(events: readonly SectionEvent[]): string {
  return events.map((event) => JSON.stringify({ client: event.client, section: event.section, kind: event.kind, atMs: event.atMs, round: event.round })).join('\n') + (events.length > 0 ? '\n' : '');
}

export async function runRealCommand(file: string, options: RunRealCommandOptions, io: Io): Promise<number> {
  const scenario = loadScenario(file);
  if (scenario.protocol.name !== implementationName || typeof scenario.protocol.module !== 'string') {
    throw new InputError(file, 'implementation', null, 'missing; run-real runs real code: expected implementation: { module: ./harness.ts } instead of a protocol model');
  }
  // The scenario loader has loaded and checked it already; a failure now is not the user's input.
  const harness = loadHarness(resolve(scenario.protocol.module));
  let storeFor;
  try {
    storeFromUrl(options.store);
    storeFor = () => storeFromUrl(options.store);
  } catch (error) {
    throw new InputError('--store', '', null, (error as Error).message);
  }
  const properties = checkable.filter((property) => scenario.properties.includes(property.name));
  const unchecked = scenario.properties.filter((name) => !checkable.some((property) => property.name === name));
  let result;
  try {
    result = await runReal(scenario, harness, properties, {
      timeMs: options.timeMs,
      storeFor,
      onRound: (round) => {
        if (round.violations.length > 0) io.out(roundLine(file, round.round, round.violations));
      },
    });
  } catch (error) {
    if (error instanceof StoreUnusableError) throw new InputError('--store', '', null, `cannot write, read and delete a file there: ${error.message}`);
    throw error;
  }
  if (options.log !== undefined) writeFileAtomic(options.log, logText(result.events));
  for (const failure of result.failures.slice(0, failuresShownMax)) io.err(`${file}: ${failure}`);
  if (result.failures.length > failuresShownMax) io.err(`${file}: ${thousands(result.failures.length - failuresShownMax)} more failures`);
  const violatedRounds = new Set(result.violations.map((violation) => violation.round)).size;
  const checkedNames = properties.map((property) => property.name).join(', ');
  const verdict =
    violatedRounds === 0
      ? `no violation of ${checkedNames === '' ? 'any property' : checkedNames} (which proves nothing)`
      : `${thousands(violatedRounds)} ${violatedRounds === 1 ? 'round' : 'rounds'} with a violation${result.violations.length === violatedRounds ? '' : ` (${thousands(result.violations.length)} violations)`}`;
  const notes = [
    ...(unchecked.length === 0 ? [] : [`not checked by run-real: ${unchecked.join(', ')}`]),
    ...(result.failures.length === 0 ? [] : [`${thousands(result.failures.length)} failures`]),
  ];
  io.out(
    `${file}: ${thousands(result.rounds)} rounds against ${options.store} in ${(result.elapsedMs / 1000).toFixed(1)} s, ${thousands(result.events.length)} enter/exit events; ${verdict}${notes.length === 0 ? '' : `; ${notes.join('; ')}`}`,
  );
  return violatedRounds > 0 ? 1 : 0;
}
