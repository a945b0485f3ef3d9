// Runs a scenario's clients as real concurrent clients of a real store, for a
// bounded time, round after round, and checks the safety properties over the
// log of their enter and exit markers. Each round works under a prefix of its
// own (locksim-run-<start>/round-<n>/) that it deletes afterwards, so a run
// never touches a file of the store that it did not write.
//
// Real time and real randomness, on purpose: this is the world the simulator
// models, not a search. A round with no violation proves nothing.

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

export type RunRealResult = { rounds: number; violations: LogViolation[]; failures: string[]; events: SectionEvent[] };

/** How long one round may take beyond its clients' own sleeps: then it is reported and the next starts. */
const roundMsMax = 60_000;
/** Files one round may leave behind for the clean-up to delete. */
const cleanupFilesMax = 10_000;

function between(range: readonly [number, number]): number {
  return range[0] + Math.floor(Math.random() * (range[1] - range[0] + 1));
}

/** The store as one round's client sees it: every path under the round's prefix. */
function under(store: StoreClient, prefix: string): StoreClient {
  const strip = <T extends { path: string }>(entries: T[]) => entries.map((entry) => ({ ...entry, path: entry.path.slice(prefix.length) }));
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
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function runRound(scenario: Scenario, harness: Harness, options: RunRealOptions, round: number, prefix: string, tickMs: number): Promise<RoundOutcome> {
  const events: SectionEvent[] = [];
  const failures: string[] = [];
  const runs = scenario.clients.map(async (client) => {
    const code = harness.roles[client.role];
    if (code === undefined) throw new Error(`the harness has no role ${client.role}`);
    const store = under(options.storeFor(), prefix);
    const skewMs = between(scenario.store.clockSkew) * tickMs;
    const clock: Clock = { now: () => Date.now() + skewMs, sleep: (ms) => sleep(ms) };
    let writes = 0;
    const marker = (kind: 'enter' | 'exit') => (section: string) => {
      events.push({ client: client.id, section, kind, atNs: process.hrtime.bigint().toString(), round });
    };
    const api: ClientApi = {
      id: client.id,
      role: client.role,
      writes: client.writes,
      store,
      clock,
      enter: marker('enter'),
      exit: marker('exit'),
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
  if (ended === 'timeout') failures.push(`round ${round}: a client did not finish within ${roundMsMax / 1000} s`);
  const cleaner = options.storeFor();
  const left = await cleaner.list(prefix);
  for (const entry of left.slice(0, cleanupFilesMax)) await cleaner.delete(entry.path);
  return { round, violations: [], failures, events };
}

export async function runReal(scenario: Scenario, harness: Harness, properties: readonly SafetyProperty[], options: RunRealOptions): Promise<RunRealResult> {
  if (!(options.timeMs >= 1)) throw new Error('run-real: the time budget must be positive');
  const tickMs = typeof scenario.protocol.tickMs === 'number' ? scenario.protocol.tickMs : 1;
  const startedMs = Date.now();
  const base = `locksim-run-${startedMs}/`;
  const clientIds = scenario.clients.map((client) => client.id);
  const result: RunRealResult = { rounds: 0, violations: [], failures: [], events: [] };
  do {
    const round = result.rounds + 1;
    const outcome = await runRound(scenario, harness, options, round, `${base}round-${round}/`, tickMs);
    outcome.violations = checkEventLog(clientIds, outcome.events, properties);
    result.rounds = round;
    result.violations.push(...outcome.violations);
    result.failures.push(...outcome.failures);
    result.events.push(...outcome.events);
    options.onRound?.(outcome);
  } while (Date.now() - startedMs < options.timeMs);
  return result;
}
