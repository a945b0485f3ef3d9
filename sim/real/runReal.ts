// Runs a scenario's clients as real concurrent clients of a real store, for a
// bounded time, round after round, and checks the safety properties over the
// log of their enter and exit markers. Each round works under a prefix of its
// own (locksim-run-<start>/round-<n>/) that it deletes afterwards, so a run
// never touches a file of the store that it did not write.
//
// Real time and real randomness, on purpose: this is the world the simulator
// models, not a search. A round with no violation proves nothing.
//
// Time, as each client sees it (spec/real-stores.md):
// - a scenario tick is `implementation.tickMs` real milliseconds;
// - a client starts after a delay drawn from its `start` range (ticks);
// - its clock.now() is Date.now() plus an offset drawn from `store.clockSkew`
//   (ticks), fixed for the round; clock.sleep(ms) is a real setTimeout;
// - enter/exit are stamped with performance.now() (monotonic, sub-ms) less
//   the run's start, so the log's times are ms since the run began.

import type { ClientApi, Clock, Harness, StoreClient } from '../../model/implementation.ts';
import type { SafetyProperty } from '../../model/properties.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { checkEventLog } from './checkEventLog.ts';
import type { LogViolation, SectionEvent } from './checkEventLog.ts';

export type RunRealOptions = {
  /** Wall-clock budget: no round starts after it. */
  timeMs: number;
  /** A new store client for one client of one round (one connection each, as separate devices). */
  storeFor: () => StoreClient;
  /** Called after each round. */
  onRound?: (round: RoundOutcome) => void;
};

export type RoundOutcome = { round: number; violations: LogViolation[]; failures: string[]; events: SectionEvent[] };

export type RunRealResult = { rounds: number; elapsedMs: number; violations: LogViolation[]; failures: string[]; events: SectionEvent[] };

/** How long one round may take beyond its clients' own sleeps: then it is reported and the next starts. */
export const roundMsMax = 60_000;
/** Files one round may leave behind for the clean-up to delete. */
const cleanupFilesMax = 10_000;
/** Rounds one run may make, whatever its time budget: a harness whose clients return at once would spin. */
export const roundsMax = 1_000_000;

function between(range: readonly [number, number]): number {
  if (!(Number.isSafeInteger(range[0]) && Number.isSafeInteger(range[1]) && range[0] <= range[1])) throw new Error(`run-real: a bad range ${JSON.stringify(range)}`);
  return range[0] + Math.floor(Math.random() * (range[1] - range[0] + 1));
}

/** The store as one round's client sees it: every path under the round's prefix. */
function under(store: StoreClient, prefix: string): StoreClient {
  const strip = <T extends { path: string }>(entries: T[]) =>
    entries.map((entry) => {
      if (!entry.path.startsWith(prefix)) throw new Error(`run-real: the store listed ${entry.path}, outside ${prefix}`);
      return { ...entry, path: entry.path.slice(prefix.length) };
    });
  const scoped: StoreClient = {
    list: async (listPrefix) => strip(await store.list(prefix + listPrefix)),
    get: (path) => store.get(prefix + path),
    put: (path, body) => store.put(prefix + path, body),
    delete: (path) => store.delete(prefix + path),
    remoteDate: () => store.remoteDate(),
  };
  if (store.create !== undefined) scoped.create = (path, body) => store.create!(prefix + path, body);
  if (store.cas !== undefined) scoped.cas = (path, body, etag) => store.cas!(prefix + path, body, etag);
  return scoped;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The store could not be used at all (before any round): bad input for the command, not a finding. */
export class StoreUnusableError extends Error {
  override readonly name = 'StoreUnusableError';
}

/** A store client that can also remove a folder it made (WebDAV keeps empty folders; a folder or S3 does not). */
export type FolderDeleting = { deleteFolder?: (path: string) => Promise<void> };

/** A store that refuses a write, a read or a delete under the run's prefix is no store to run on: say so before any round. */
async function checkStoreUsable(store: StoreClient, base: string): Promise<void> {
  const probe = `${base}probe`;
  try {
    await store.put(probe, 'locksim run-real probe');
    if ((await store.get(probe)) !== 'locksim run-real probe') throw new Error(`a put of ${probe} did not read back`);
    if (!(await store.delete(probe))) throw new Error(`the delete of ${probe} found no file`);
    await store.remoteDate();
  } catch (error) {
    throw new StoreUnusableError((error as Error).message);
  }
}

type RunContext = { scenario: Scenario; harness: Harness; options: RunRealOptions; tickMs: number; originMs: number };

async function runRound(context: RunContext, round: number, prefix: string): Promise<RoundOutcome> {
  const { scenario, harness, options, tickMs, originMs } = context;
  const events: SectionEvent[] = [];
  const failures: string[] = [];
  const runs = scenario.clients.map(async (client) => {
    const code = harness.roles[client.role];
    // The scenario loader checks roles against the harness; this is that check again.
    if (code === undefined) throw new Error(`run-real: the harness has no role ${client.role}`);
    const store = under(options.storeFor(), prefix);
    const skewMs = between(scenario.store.clockSkew) * tickMs;
    const clock: Clock = { now: () => Date.now() + skewMs, sleep: (ms) => sleep(ms) };
    let writes = 0;
    const marker = (kind: 'enter' | 'exit') => (section: string) => {
      events.push({ client: client.id, section, kind, atMs: Math.round((performance.now() - originMs) * 1000) / 1000, round });
    };
    const api: ClientApi = {
      id: client.id,
      role: client.role,
      writes: client.writes,
      store,
      clock,
      enter: marker('enter'),
      exit: marker('exit'),
      // No store here fences: every write is accepted, and fencedWrites is not checked.
      writeData: async () => {
        writes += 1;
        await store.put(`data/${client.id}-${writes}`, String(writes));
        return true;
      },
    };
    await sleep(between(client.start) * tickMs);
    try {
      await code(api);
    } catch (error) {
      failures.push(`round ${round}: ${client.id}: its code threw: ${(error as Error).message}`);
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), roundMsMax);
  });
  const ended = await Promise.race([Promise.all(runs).then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  // Events after this point belong to no checked round: the log is cut here.
  const logged = events.slice();
  if (ended === 'timeout') failures.push(`round ${round}: a client did not finish within ${roundMsMax / 1000} s; its later markers are not checked`);
  try {
    const cleaner = options.storeFor();
    const left = await cleaner.list(prefix);
    for (const entry of left.slice(0, cleanupFilesMax)) await cleaner.delete(entry.path);
    if (left.length > cleanupFilesMax) failures.push(`round ${round}: more than ${cleanupFilesMax} files left under ${prefix}; the rest stay`);
  } catch (error) {
    failures.push(`round ${round}: cleaning ${prefix} failed: ${(error as Error).message}`);
  }
  return { round, violations: [], failures, events: logged };
}

export async function runReal(scenario: Scenario, harness: Harness, properties: readonly SafetyProperty[], options: RunRealOptions): Promise<RunRealResult> {
  if (!(options.timeMs >= 1)) throw new Error('run-real: the time budget must be positive');
  const tickMs = typeof scenario.protocol.tickMs === 'number' ? scenario.protocol.tickMs : 1;
  if (!(Number.isSafeInteger(tickMs) && tickMs >= 1)) throw new Error(`run-real: tickMs must be a whole number >= 1; got ${tickMs}`);
  const context: RunContext = { scenario, harness, options, tickMs, originMs: performance.now() };
  const base = `locksim-run-${Date.now()}/`;
  const clientIds = scenario.clients.map((client) => client.id);
  const result: RunRealResult = { rounds: 0, elapsedMs: 0, violations: [], failures: [], events: [] };
  await checkStoreUsable(options.storeFor(), base);
  do {
    const round = result.rounds + 1;
    const outcome = await runRound(context, round, `${base}round-${round}/`);
    const verdict = checkEventLog(clientIds, outcome.events, properties);
    outcome.violations = verdict.violations;
    outcome.failures.push(...verdict.problems);
    result.rounds = round;
    result.violations.push(...outcome.violations);
    result.failures.push(...outcome.failures);
    result.events.push(...outcome.events);
    options.onRound?.(outcome);
    result.elapsedMs = performance.now() - context.originMs;
  } while (result.elapsedMs < options.timeMs && result.rounds < roundsMax);
  // The run's own folder, where the store keeps empty folders: nothing else is in it.
  const cleaner = options.storeFor() as StoreClient & FolderDeleting;
  try {
    await cleaner.deleteFolder?.(base.slice(0, -1));
  } catch (error) {
    result.failures.push(`removing the run's folder ${base} failed: ${(error as Error).message}`);
  }
  return result;
}
