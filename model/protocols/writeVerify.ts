// write-verify: the pattern many sync apps ship (GitHub issue 5).
//
// Upgrader: list; give up if another client's active EXCLUSIVE lock or any
// active SYNCING lock is listed; put its own EXCLUSIVE lock, wait
// `verifyDelay` ticks, list again; if an active SYNCING lock is listed, or
// the oldest active EXCLUSIVE lock (stamp, then client id) is not its own,
// delete its lock and give up; otherwise hold EXCLUSIVE (with
// `rewriteOnWin`, after writing its lock once more, as several
// implementations do to refresh its timestamp).
// Syncer: list; give up on an active EXCLUSIVE lock; put SYNCING and list
// again at once; on an active EXCLUSIVE lock delete SYNCING and give up;
// otherwise sync.
//
// Leases (`ttl`): a lock is active while the reader's clock minus the lock's
// stamp is below `ttl` (model/leases.ts). A holder, of either role, lists
// between its data writes: if its own lock is no longer the active one
// (expired by its own clock; for an upgrader, also no longer the oldest
// active EXCLUSIVE) it leaves its section, deletes its own lock file and
// stops without another data write; otherwise, when `refreshInterval` ticks
// have passed since its lock's stamp, it puts its lock again before the next
// write. The refresh is requests, never hidden time: a holder that is slow
// or paused between writes simply does not refresh. With `ttl: null` locks
// never expire and holders neither list nor refresh while holding.
//
// Lock files are the per-client files of model/lockFiles.ts, each client
// only ever writing or deleting its own, so nobody removes another's lock:
// an expired lock is just ignored.

import { z } from 'zod';
import { isLeaseActive, isRefreshDue, leaseOptionFields, stampTicksOf, timestampSources } from '../leases.ts';
import { listLocks, lockName, locksOf, type LockKind } from '../lockFiles.ts';
import type { ClientContext, Effect, ListedFile, Protocol, StepInput, StepOutput } from '../protocol.ts';
import { retryOrStop, attemptsOption, describeAttempts, finishOrRepeat, initialCount, roundsOption, unbounded } from './retry.ts';
import { moveTo } from './moveTo.ts';
import { stepChecks, type StepChecks } from './stepChecks.ts';

export const writeVerifyOptions = z
  .object({
    /** Which time a lock carries, for ordering EXCLUSIVE locks and for leases. */
    timestamp: z.enum(timestampSources).default('server'),
    /** Ticks an upgrader waits between putting its EXCLUSIVE lock and verifying; 0 verifies at once. */
    verifyDelay: z.number().int().min(0).default(4),
    /** Whether a winning upgrader writes its lock again, refreshing its timestamp, before it holds. */
    rewriteOnWin: z.boolean().default(false),
    ...leaseOptionFields({ ttl: null, refreshInterval: 5 }),
    /** How many times a client tries before it gives up for good. */
    attempts: attemptsOption,
    /** How many times a client does its job before it stops; `unbounded` for a client that keeps coming back. */
    rounds: roundsOption,
    /** Ticks between attempts. */
    retryDelay: z.number().int().min(0).default(4),
  })
  .strict();

export type WriteVerifyOptions = z.infer<typeof writeVerifyOptions>;

type Pc =
  | 'start'
  | 'checked'
  | 'posted'
  | 'verify'
  | 'verifying'
  | 'rewritten'
  | 'abandoning'
  | 'posted-syncing'
  | 'post-checked'
  | 'holding'
  | 'wrote'
  | 'lease-check'
  | 'refreshed'
  | 'dropping'
  | 'dropped'
  | 'releasing'
  | 'released';

export type WriteVerifyState = {
  pc: Pc;
  /** Attempts left, counting the current one. */
  attemptsLeft: number;
  /** Rounds left after the current one (-1 unbounded); present only when the `rounds` option is not 1. */
  roundsLeft?: number;
  /** Data writes left in the current critical section. */
  writesLeft: number;
};

type Context = ClientContext<WriteVerifyOptions>;
type Output = StepOutput<WriteVerifyState>;

const name = 'write-verify';
const checks: StepChecks = stepChecks(name);

const go = (state: WriteVerifyState, pc: Pc, effect: Effect, note?: string): Output => moveTo(state, pc, effect, note);

/** The lock kind and section of a role. */
function roleLock(context: Context): { kind: LockKind; section: 'exclusive' | 'sync' } {
  return context.role === 'upgrader' ? { kind: 'EXCLUSIVE', section: 'exclusive' } : { kind: 'SYNCING', section: 'sync' };
}

function ownLockName(context: Context): string {
  return lockName(roleLock(context).kind, context.id);
}

function putOwnLock(context: Context): Effect {
  const { kind } = roleLock(context);
  return { kind: 'put', name: lockName(kind, context.id), body: kind };
}

function activeLocks(files: readonly ListedFile[], kind: LockKind, clockTicks: number, options: WriteVerifyOptions): ListedFile[] {
  return locksOf(files, kind).filter((file) => isLeaseActive(file, clockTicks, options.ttl, options.timestamp));
}

/** The oldest of some locks: earliest stamp, then lowest client id. */
function oldestLock(locks: readonly ListedFile[], options: WriteVerifyOptions): ListedFile | undefined {
  let oldest: ListedFile | undefined;
  for (const file of locks) {
    if (oldest === undefined) {
      oldest = file;
      continue;
    }
    const fileTicks = stampTicksOf(file, options.timestamp);
    const oldestTicks = stampTicksOf(oldest, options.timestamp);
    if (fileTicks < oldestTicks || (fileTicks === oldestTicks && file.owner < oldest.owner)) oldest = file;
  }
  return oldest;
}

/** A client always lists its own lock: it sees its own writes at once, and nobody else deletes it. */
function ownLock(files: readonly ListedFile[], context: Context): ListedFile {
  const own = ownLockName(context);
  const mine = files.find((file) => file.name === own);
  checks.assert(mine !== undefined, `a client always lists its own lock ${own}`);
  checks.assert(mine.owner === context.id, `${own} was written by ${mine.owner}`);
  return mine;
}

/** Why an upgrader's EXCLUSIVE lock is not (or no longer) the active one, or null when it is. */
function exclusiveLoss(files: readonly ListedFile[], clockTicks: number, context: Context): string | null {
  const mine = ownLock(files, context);
  if (!isLeaseActive(mine, clockTicks, context.options.ttl, context.options.timestamp)) return `its lock ${mine.name} has expired`;
  const oldest = oldestLock(activeLocks(files, 'EXCLUSIVE', clockTicks, context.options), context.options);
  checks.assert(oldest !== undefined, 'an active lock of its own makes at least one active EXCLUSIVE lock');
  return oldest.name === mine.name ? null : `${oldest.name} is older`;
}

/** Why a syncer's SYNCING lock is no longer active, or null when it is. */
function syncingLoss(files: readonly ListedFile[], clockTicks: number, context: Context): string | null {
  const mine = ownLock(files, context);
  return isLeaseActive(mine, clockTicks, context.options.ttl, context.options.timestamp) ? null : `its lock ${mine.name} has expired`;
}

function firstStep(state: WriteVerifyState): Output {
  return go(state, 'checked', listLocks);
}

function giveUp(state: WriteVerifyState, context: Context, why: string): Output {
  return retryOrStop(name, state, context.options.retryDelay, firstStep, why);
}

function enter(state: WriteVerifyState, context: Context, note: string): Output {
  return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: roleLock(context).section }, note);
}

/** The next data write, or leaving the section once the writes are made. */
function writeOrExit(state: WriteVerifyState, context: Context): Output {
  if (state.writesLeft > 0) return go({ ...state, writesLeft: state.writesLeft - 1 }, 'wrote', { kind: 'write' });
  return go(state, 'releasing', { kind: 'exit', section: roleLock(context).section });
}

/** The critical section and the way out of it, the same for both roles. */
function stepHolder(state: WriteVerifyState, input: StepInput, context: Context): Output {
  const { options } = context;
  const { section } = roleLock(context);
  switch (state.pc) {
    case 'holding':
      return writeOrExit(state, context);
    case 'wrote':
      checks.replyKind(input.reply, 'ok');
      if (options.ttl !== null && state.writesLeft > 0) return go(state, 'lease-check', listLocks, 'checks its lease before the next write');
      return writeOrExit(state, context);
    case 'lease-check': {
      const files = checks.listed(input.reply);
      const lost = context.role === 'upgrader' ? exclusiveLoss(files, input.clockTicks, context) : syncingLoss(files, input.clockTicks, context);
      if (lost !== null) return go(state, 'dropping', { kind: 'exit', section }, `${lost}; stops without writing`);
      const mine = ownLock(files, context);
      if (isRefreshDue(mine, input.clockTicks, options.refreshInterval, options.timestamp)) {
        return go(state, 'refreshed', putOwnLock(context), `refreshes ${mine.name}`);
      }
      return writeOrExit(state, context);
    }
    case 'refreshed':
      checks.replyKind(input.reply, 'ok');
      return writeOrExit(state, context);
    case 'dropping':
      return go(state, 'dropped', { kind: 'delete', name: ownLockName(context) });
    case 'dropped':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'released', { kind: 'done', outcome: 'gave-up' }, 'lost its lock while holding');
    case 'releasing':
      return go(state, 'released', { kind: 'delete', name: ownLockName(context) });
    case 'released':
      checks.replyKind(input.reply, 'ok');
      return finishOrRepeat(state, context.options, firstStep);
    default:
      throw new Error(`${name}: ${context.role} has no step from ${state.pc}`);
  }
}

function stepUpgrader(state: WriteVerifyState, input: StepInput, context: Context): Output {
  const { id, options } = context;
  switch (state.pc) {
    case 'start':
      return firstStep(state);
    case 'checked': {
      const files = checks.listed(input.reply);
      const exclusive = activeLocks(files, 'EXCLUSIVE', input.clockTicks, options).find((file) => file.owner !== id);
      if (exclusive !== undefined) return giveUp(state, context, `saw ${exclusive.name}`);
      const syncing = activeLocks(files, 'SYNCING', input.clockTicks, options)[0];
      if (syncing !== undefined) return giveUp(state, context, `saw ${syncing.name}`);
      return go(state, 'posted', putOwnLock(context));
    }
    case 'posted':
      checks.replyKind(input.reply, 'ok');
      if (options.verifyDelay === 0) return go(state, 'verifying', listLocks, 'verifies at once');
      return go(state, 'verify', { kind: 'wait', ticks: options.verifyDelay }, `waits ${options.verifyDelay} ticks before verifying`);
    case 'verify':
      return go(state, 'verifying', listLocks);
    case 'verifying': {
      const files = checks.listed(input.reply);
      const syncing = activeLocks(files, 'SYNCING', input.clockTicks, options)[0];
      const lost = syncing !== undefined ? `saw ${syncing.name}` : exclusiveLoss(files, input.clockTicks, context);
      if (lost !== null) return go(state, 'abandoning', { kind: 'delete', name: lockName('EXCLUSIVE', id) }, lost);
      if (options.rewriteOnWin) return go(state, 'rewritten', putOwnLock(context), 'its lock is the oldest; writes it again');
      return enter(state, context, 'its lock is the oldest');
    }
    case 'rewritten':
      checks.replyKind(input.reply, 'ok');
      return enter(state, context, 'its lock is written again');
    case 'abandoning':
      checks.replyKind(input.reply, 'ok');
      return giveUp(state, context, 'lost the verification');
    case 'posted-syncing':
    case 'post-checked':
      throw new Error(`${name}: upgrader has no step from ${state.pc}`);
    default:
      return stepHolder(state, input, context);
  }
}

function stepSyncer(state: WriteVerifyState, input: StepInput, context: Context): Output {
  const { options } = context;
  switch (state.pc) {
    case 'start':
      return firstStep(state);
    case 'checked': {
      const exclusive = activeLocks(checks.listed(input.reply), 'EXCLUSIVE', input.clockTicks, options)[0];
      if (exclusive !== undefined) return giveUp(state, context, `saw ${exclusive.name}`);
      return go(state, 'posted-syncing', putOwnLock(context));
    }
    case 'posted-syncing':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'post-checked', listLocks);
    case 'post-checked': {
      const exclusive = activeLocks(checks.listed(input.reply), 'EXCLUSIVE', input.clockTicks, options)[0];
      if (exclusive !== undefined) return go(state, 'abandoning', { kind: 'delete', name: ownLockName(context) }, `saw ${exclusive.name}`);
      return enter(state, context, 'no active EXCLUSIVE lock listed');
    }
    case 'abandoning':
      checks.replyKind(input.reply, 'ok');
      return giveUp(state, context, 'an EXCLUSIVE lock appeared');
    case 'posted':
    case 'verify':
    case 'verifying':
    case 'rewritten':
      throw new Error(`${name}: syncer has no step from ${state.pc}`);
    default:
      return stepHolder(state, input, context);
  }
}

const describePc: Record<Pc, string> = {
  start: 'about to list',
  checked: 'listing before posting',
  posted: 'posting its EXCLUSIVE lock',
  verify: 'waiting to verify',
  verifying: 'verifying its EXCLUSIVE lock',
  rewritten: 'writing its lock again',
  abandoning: 'deleting its lock to give up',
  'posted-syncing': 'posting SYNCING',
  'post-checked': 'listing after posting SYNCING',
  holding: 'in critical section',
  wrote: 'writing data',
  'lease-check': 'checking its lease',
  refreshed: 'refreshing its lock',
  dropping: 'lost its lock, leaving',
  dropped: 'deleting its lost lock',
  releasing: 'releasing',
  released: 'finished',
};

export const writeVerify: Protocol<WriteVerifyOptions, WriteVerifyState> = {
  name,
  summary: 'put own EXCLUSIVE, wait, list again, oldest active lock wins; optional leases',
  roles: ['upgrader', 'syncer'],
  sections: ['exclusive', 'sync'],
  roleSections: { upgrader: 'exclusive', syncer: 'sync' },
  options: writeVerifyOptions,
  init(context) {
    checks.assert(Number.isInteger(context.writes) && context.writes >= 0, 'writes must be a non-negative integer');
    const { attempts, rounds } = context.options;
    const first: WriteVerifyState = { pc: 'start', attemptsLeft: initialCount(attempts), writesLeft: 0 };
    return rounds === 1 ? first : { ...first, roundsLeft: rounds === 'unbounded' ? unbounded : rounds - 1 };
  },
  step(state, input, context) {
    checks.assert(state.attemptsLeft >= unbounded, 'attempts left went below unbounded');
    checks.assert(state.writesLeft >= 0 && state.writesLeft <= context.writes, 'writes left out of range');
    if (context.role === 'upgrader') return stepUpgrader(state, input, context);
    checks.assert(context.role === 'syncer', `unknown role ${context.role}`);
    return stepSyncer(state, input, context);
  },
  declares: {
    // States hold a program counter and counts, never a time.
    timeShiftInvariant: true,
    // Ages are compared with the ttl (isLeaseActive) and the refresh interval (isRefreshDue) only.
    ageHorizonTicks: (options) => Math.max(options.ttl ?? 0, options.refreshInterval),
    // Names, owners, and each lock's stamp (leases, oldestLock).
    fileFields: (_name, options) => [options.timestamp === 'server' ? 'mtimeTicks' : 'clientStampTicks'],
  },
  describe(state) {
    const writes = state.pc === 'holding' || state.pc === 'wrote' || state.pc === 'lease-check' || state.pc === 'refreshed' ? `, ${state.writesLeft} writes left` : '';
    return `${describePc[state.pc]} (${describeAttempts(state.attemptsLeft)}${writes})`;
  },
};
