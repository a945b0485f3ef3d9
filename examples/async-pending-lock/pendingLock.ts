// The SYNCING / PENDING / EXCLUSIVE lock of the question (spec/pending-lock.md),
// written as ordinary async code a sync app would ship: a class that takes a
// StoreClient and a Clock and never touches the network, Date.now or
// setTimeout itself, so that the same code runs against a real store and
// inside locksim's simulator.
//
// It takes exactly the steps of locksim's built-in model
// (model/protocols/pendingLock.ts), one store request per step and in the
// same order, with its defaults, and with `timestamp: server`: PENDING locks
// are ordered by the store's modification time (StoreEntry.modifiedMs), which
// the listing already carries (a client stamp would need a get per lock).
//
//   Upgrader: list; give up if another's PENDING or EXCLUSIVE is listed; put
//   PENDING; poll until no SYNCING is listed (sleeping pollIntervalMs between
//   polls); list again (pendingCheck: new-list) or keep that poll's list
//   (same-list); if another's PENDING is older, delete its own and give up;
//   else put EXCLUSIVE, hold it (run the work), delete EXCLUSIVE, then PENDING.
//
//   Syncer: list, give up on another's PENDING or EXCLUSIVE, put SYNCING
//   (check-then-post); or put SYNCING, list, and withdraw on another's
//   PENDING or EXCLUSIVE (post-then-check). Then sync and delete SYNCING.

import type { Clock, StoreClient, StoreEntry } from 'locksim';

export type PendingLockOptions = {
  /** Which list the PENDING locks are compared in once no SYNCING is listed: a new one, or that poll's own. */
  pendingCheck: 'new-list' | 'same-list';
  /** What equal modification times mean: the smaller client id wins, nobody wins (strict), or both yield (loose). */
  tieBreak: 'client-id' | 'strict' | 'loose';
  /** Whether the winner keeps its PENDING until it releases EXCLUSIVE, or deletes it on entering. */
  winnerPending: 'keep' | 'delete';
  /** Whether a syncer lists before posting SYNCING, or posts first and then lists. */
  syncerOrder: 'check-then-post' | 'post-then-check';
  /** Pause between polls for SYNCING locks, ms (the model's pollInterval ticks at 1 ms a tick). */
  pollIntervalMs: number;
  /** How many attempts in all before giving up for good. */
  attempts: number;
  /** Pause before the next attempt, ms (0: retry at once). */
  retryDelayMs: number;
};

/** The built-in model's defaults. */
export const defaultOptions: Readonly<PendingLockOptions> = {
  pendingCheck: 'new-list',
  tieBreak: 'client-id',
  winnerPending: 'keep',
  syncerOrder: 'check-then-post',
  pollIntervalMs: 2,
  attempts: 1,
  retryDelayMs: 4,
};

export type LockOutcome = 'finished' | 'gave-up';

/** Told when a critical section starts and ends (a log, a metric; in locksim the ClientApi's enter/exit). */
export type SectionListener = {
  enter(section: 'exclusive' | 'sync'): void;
  exit(section: 'exclusive' | 'sync'): void;
};

type LockKind = 'SYNCING' | 'PENDING' | 'EXCLUSIVE';

/** A listed lock file: `locks/<KIND>-<owner>`. */
type Lock = { kind: LockKind; owner: string; path: string; modifiedMs: number };

const lockDir = 'locks/';
const kinds: readonly LockKind[] = ['SYNCING', 'PENDING', 'EXCLUSIVE'];

/** The lock a listed file is, or null for any other file in the folder. */
function parseLock(entry: StoreEntry): Lock | null {
  if (!entry.path.startsWith(lockDir)) return null;
  const name = entry.path.slice(lockDir.length);
  for (const kind of kinds) {
    if (name.startsWith(`${kind}-`)) return { kind, owner: name.slice(kind.length + 1), path: entry.path, modifiedMs: entry.modifiedMs };
  }
  return null;
}

const noListener: SectionListener = { enter() {}, exit() {} };

export class PendingLock {
  private readonly options: PendingLockOptions;

  constructor(
    private readonly store: StoreClient,
    private readonly clock: Clock,
    private readonly clientId: string,
    options: Partial<PendingLockOptions> = {},
    private readonly listener: SectionListener = noListener,
  ) {
    this.options = { ...defaultOptions, ...options };
    const { attempts, pollIntervalMs, retryDelayMs } = this.options;
    if (!(Number.isInteger(attempts) && attempts >= 1)) throw new RangeError('attempts must be a whole number >= 1');
    if (!(pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be > 0');
    if (!(retryDelayMs >= 0)) throw new RangeError('retryDelayMs must be >= 0');
  }

  /** Takes EXCLUSIVE, runs `work` holding it, releases it. 'gave-up' when another client holds or wins the lock. */
  exclusive(work: () => Promise<void>): Promise<LockOutcome> {
    return this.withRetries(() => this.tryExclusive(work));
  }

  /** Takes SYNCING, runs `work` holding it, releases it. 'gave-up' when an upgrader is in the way. */
  sync(work: () => Promise<void>): Promise<LockOutcome> {
    return this.withRetries(() => this.trySync(work));
  }

  private path(kind: LockKind): string {
    return `${lockDir}${kind}-${this.clientId}`;
  }

  private async listLocks(): Promise<Lock[]> {
    const entries = await this.store.list(lockDir);
    return entries.map(parseLock).filter((lock): lock is Lock => lock !== null);
  }

  /** Another client's PENDING or EXCLUSIVE lock in `locks`, if any. */
  private upgraderInTheWay(locks: readonly Lock[]): Lock | undefined {
    return locks.find((lock) => lock.owner !== this.clientId && (lock.kind === 'PENDING' || lock.kind === 'EXCLUSIVE'));
  }

  /** Runs attempts until one gets through or none are left. */
  private async withRetries(attempt: () => Promise<boolean>): Promise<LockOutcome> {
    for (let left = this.options.attempts; ; left--) {
      if (await attempt()) return 'finished';
      if (left <= 1) return 'gave-up';
      if (this.options.retryDelayMs > 0) await this.clock.sleep(this.options.retryDelayMs);
    }
  }

  /** One upgrader attempt; false when it gave up. */
  private async tryExclusive(work: () => Promise<void>): Promise<boolean> {
    const pending = this.path('PENDING');
    const exclusive = this.path('EXCLUSIVE');

    // U1, U2: no new PENDING while another client's PENDING or EXCLUSIVE is there.
    if (this.upgraderInTheWay(await this.listLocks()) !== undefined) return false;
    await this.store.put(pending, 'PENDING');

    // U3, U4: wait for the syncers to finish.
    let locks = await this.listLocks();
    while (locks.some((lock) => lock.kind === 'SYNCING')) {
      await this.clock.sleep(this.options.pollIntervalMs);
      locks = await this.listLocks();
    }

    // U5: the oldest PENDING lock wins.
    if (this.options.pendingCheck === 'new-list') locks = await this.listLocks();
    if (this.olderPending(locks) !== undefined) {
      await this.store.delete(pending);
      return false;
    }

    // U6-U8: post EXCLUSIVE, hold it, release.
    await this.store.put(exclusive, 'EXCLUSIVE');
    this.listener.enter('exclusive');
    try {
      if (this.options.winnerPending === 'delete') await this.store.delete(pending);
      await work();
    } finally {
      this.listener.exit('exclusive');
    }
    await this.store.delete(exclusive);
    if (this.options.winnerPending === 'keep') await this.store.delete(pending);
    return true;
  }

  /** Another client's PENDING lock older than this client's own, by modification time, then by tie-break. */
  private olderPending(locks: readonly Lock[]): Lock | undefined {
    const pendings = locks.filter((lock) => lock.kind === 'PENDING');
    const mine = pendings.find((lock) => lock.owner === this.clientId);
    if (mine === undefined) throw new Error(`pending-lock: ${this.path('PENDING')} is missing from the list (the store lost it or does not read its own writes)`);
    return pendings.find((other) => other.owner !== this.clientId && this.isOlder(other, mine));
  }

  private isOlder(other: Lock, mine: Lock): boolean {
    if (other.modifiedMs !== mine.modifiedMs) return other.modifiedMs < mine.modifiedMs;
    switch (this.options.tieBreak) {
      case 'client-id':
        return other.owner < mine.owner;
      case 'strict':
        return false;
      case 'loose':
        return true;
    }
  }

  /** One syncer attempt; false when it gave up. */
  private async trySync(work: () => Promise<void>): Promise<boolean> {
    const syncing = this.path('SYNCING');
    if (this.options.syncerOrder === 'check-then-post') {
      // S1, S2: no new SYNCING while another client's PENDING or EXCLUSIVE is there.
      if (this.upgraderInTheWay(await this.listLocks()) !== undefined) return false;
      await this.store.put(syncing, 'SYNCING');
    } else {
      // S1, S2, S3: post, then withdraw if an upgrader got there first.
      await this.store.put(syncing, 'SYNCING');
      if (this.upgraderInTheWay(await this.listLocks()) !== undefined) {
        await this.store.delete(syncing);
        return false;
      }
    }
    // S3-S5: sync, release.
    this.listener.enter('sync');
    try {
      await work();
    } finally {
      this.listener.exit('sync');
    }
    await this.store.delete(syncing);
    return true;
  }
}
