// pending-lock: the protocol of shared/the-question.md, step by step.
//
// Upgrader: list, give up if a PENDING or EXCLUSIVE lock is listed; post
// PENDING; poll until no SYNCING lock is listed; list again and compare the
// PENDING locks; if another is older, delete its own and give up, else post
// EXCLUSIVE and hold it. Syncer: list and post SYNCING (or post then list),
// then sync. Every step is one store request or one local decision.

import { z } from 'zod';
import { listLocks, lockKindOfName, lockName, locksOf } from '../lockFiles.ts';
import { attemptsOption, describeAttempts, finishOrRepeat, initialCount, retryOrStop, roundsOption, unbounded } from './retry.ts';
import { moveTo } from './moveTo.ts';
import type { ClientContext, Effect, ListedFile, Protocol, Reply, StepInput, StepOutput } from '../protocol.ts';

export const pendingLockOptions = z
  .object({
    /** Which time orders PENDING locks: the poster's clock at send, or the store's at commit. */
    timestamp: z.enum(['client', 'server']).default('client'),
    /** How equal timestamps are ordered. */
    tieBreak: z.enum(['client-id', 'strict', 'loose']).default('client-id'),
    /** Whether the winner deletes its PENDING lock once EXCLUSIVE is posted. */
    winnerPending: z.enum(['keep', 'delete']).default('keep'),
    /** Whether a syncer lists before or after posting SYNCING. */
    syncerOrder: z.enum(['check-then-post', 'post-then-check']).default('check-then-post'),
    /**
     * Which list an upgrader compares the PENDING locks in, once a poll lists
     * no SYNCING lock: a new list (`new-list`), or that same poll's list
     * (`same-list`). The question reads both ways (spec/pending-lock.md).
     */
    pendingCheck: z.enum(['new-list', 'same-list']).default('new-list'),
    /**
     * With `timestamp: client`: the poster writes its clock rounded down to
     * a multiple of this many ticks (1: as it is). The question does not say
     * at what precision a client writes its time; the store's resolution
     * (store.timestampResolution) is the reading of the reference checker.
     */
    clientStampUnit: z.number().int().min(1).default(1),
    /** Ticks between an upgrader's polls for SYNCING locks. */
    pollInterval: z.number().int().min(1).default(2),
    /** How many times a client tries before it gives up for good; `unbounded` for liveness checks. */
    attempts: attemptsOption,
    /** How many times a client does its job before it stops; `unbounded` for a client that keeps coming back. */
    rounds: roundsOption,
    /** Ticks between attempts. */
    retryDelay: z.number().int().min(0).default(4),
  })
  .strict();

export type PendingLockOptions = z.infer<typeof pendingLockOptions>;

type Pc =
  | 'start'
  | 'checked'
  | 'posted-pending'
  | 'polled'
  | 'poll'
  | 'listed-pending'
  | 'abandoning'
  | 'posted-exclusive'
  | 'dropping-pending'
  | 'dropped-pending'
  | 'posted-syncing'
  | 'post-then-checked'
  | 'checked-posted'
  | 'holding'
  | 'releasing'
  | 'released-main'
  | 'released';

export type PendingLockState = {
  pc: Pc;
  /** Attempts left, counting the current one; -1 for unbounded. */
  attemptsLeft: number;
  /** Rounds left after the current one (-1 unbounded); present only when the `rounds` option is not 1. */
  roundsLeft?: number;
  /** Data writes left in the current critical section. */
  writesLeft: number;
};

type Context = ClientContext<PendingLockOptions>;
type Output = StepOutput<PendingLockState>;

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`pending-lock: ${message}`);
}

function listedFiles(reply: Reply | null): ListedFile[] {
  assert(reply !== null, 'expected a list reply, got none');
  assert(reply.kind === 'listed', `expected a list reply, got ${reply.kind}`);
  return reply.files;
}

const go = (state: PendingLockState, pc: Pc, effect: Effect, note?: string): Output => moveTo(state, pc, effect, note);


function othersLocks(files: ListedFile[], self: string, kinds: readonly ('PENDING' | 'EXCLUSIVE')[]): ListedFile[] {
  return kinds.flatMap((kind) => locksOf(files, kind)).filter((file) => file.owner !== self);
}

/** The first step of an attempt: a syncer that posts first posts SYNCING; every other client lists. */
function stepStart(state: PendingLockState, context: Context): Output {
  if (context.role === 'syncer' && context.options.syncerOrder === 'post-then-check') {
    return go(state, 'posted-syncing', { kind: 'put', name: lockName('SYNCING', context.id), body: 'SYNCING' });
  }
  return go(state, 'checked', listLocks);
}

/** An attempt failed: retry after `retryDelay`, or stop for good. */
function giveUp(state: PendingLockState, context: Context, why: string): Output {
  return retryOrStop('pending-lock', state, context.options.retryDelay, (restarted) => stepStart(restarted, context), why);
}

/** A round is over: stop, or start the next one (the `rounds` option). */
function finished(state: PendingLockState, context: Context): Output {
  return finishOrRepeat(state, context.options, (again) => stepStart(again, context));
}

function stampOf(file: ListedFile, options: PendingLockOptions): number {
  if (options.timestamp === 'server') return file.mtimeTicks;
  const unit = options.clientStampUnit;
  // Rounded down also below zero (a client's clock can be behind).
  return file.clientStampTicks - (((file.clientStampTicks % unit) + unit) % unit);
}

/** Whether `other` beats `mine` under the configured tie-break. */
function isOlder(other: ListedFile, mine: ListedFile, options: PendingLockOptions): boolean {
  const otherTicks = stampOf(other, options);
  const mineTicks = stampOf(mine, options);
  if (otherTicks !== mineTicks) return otherTicks < mineTicks;
  if (options.tieBreak === 'strict') return false;
  if (options.tieBreak === 'loose') return true;
  return other.owner < mine.owner;
}

/** The PENDING comparison: the oldest PENDING lock wins; a client that is not it deletes its own and gives up. */
function comparePending(state: PendingLockState, files: ListedFile[], context: Context, why: string): Output {
  const { id, options } = context;
  const pendings = locksOf(files, 'PENDING');
  const mine = pendings.find((file) => file.owner === id);
  assert(mine !== undefined, 'a client always lists its own PENDING lock');
  const older = pendings.find((file) => file.owner !== id && isOlder(file, mine, options));
  if (older !== undefined) {
    return go(state, 'abandoning', { kind: 'delete', name: lockName('PENDING', id) }, `${why}${older.name} is older`);
  }
  return go(state, 'posted-exclusive', { kind: 'put', name: lockName('EXCLUSIVE', id), body: 'EXCLUSIVE' }, `${why}its PENDING lock is the oldest`);
}

function holdOrRelease(state: PendingLockState, section: 'exclusive' | 'sync'): Output {
  if (state.writesLeft > 0) {
    return { state: { ...state, writesLeft: state.writesLeft - 1 }, effect: { kind: 'write' } };
  }
  return go(state, 'releasing', { kind: 'exit', section });
}

function stepUpgrader(state: PendingLockState, input: StepInput, context: Context): Output {
  const { id, options } = context;
  switch (state.pc) {
    case 'start':
      return stepStart(state, context);
    case 'checked': {
      const blockers = othersLocks(listedFiles(input.reply), id, ['PENDING', 'EXCLUSIVE']);
      if (blockers.length > 0) return giveUp(state, context, `saw ${blockers[0]!.name}`);
      return go(state, 'posted-pending', { kind: 'put', name: lockName('PENDING', id), body: 'PENDING' });
    }
    case 'posted-pending':
    case 'poll':
      return go(state, 'polled', listLocks);
    case 'polled': {
      const syncing = locksOf(listedFiles(input.reply), 'SYNCING');
      if (syncing.length > 0) {
        return go(state, 'poll', { kind: 'wait', ticks: options.pollInterval }, `waits for ${syncing[0]!.name}`);
      }
      if (options.pendingCheck === 'same-list') return comparePending(state, listedFiles(input.reply), context, 'no SYNCING lock listed; ');
      return go(state, 'listed-pending', listLocks, 'no SYNCING lock listed');
    }
    case 'listed-pending':
      return comparePending(state, listedFiles(input.reply), context, '');
    case 'abandoning':
      return giveUp(state, context, 'lost to an older PENDING lock');
    case 'posted-exclusive':
      // Its EXCLUSIVE lock is posted: it holds from here, whichever way it treats its PENDING lock.
      return go({ ...state, writesLeft: context.writes }, options.winnerPending === 'delete' ? 'dropping-pending' : 'holding', { kind: 'enter', section: 'exclusive' });
    case 'dropping-pending':
      return go(state, 'dropped-pending', { kind: 'delete', name: lockName('PENDING', id) }, 'deletes its PENDING lock once EXCLUSIVE is posted');
    case 'dropped-pending':
      return holdOrRelease({ ...state, pc: 'holding' }, 'exclusive');
    case 'holding':
      return holdOrRelease(state, 'exclusive');
    case 'releasing':
      return go(state, 'released-main', { kind: 'delete', name: lockName('EXCLUSIVE', id) });
    case 'released-main':
      if (options.winnerPending === 'keep') {
        return go(state, 'released', { kind: 'delete', name: lockName('PENDING', id) });
      }
      return finished(state, context);
    case 'released':
      return finished(state, context);
    default:
      throw new Error(`pending-lock: upgrader has no step from ${state.pc}`);
  }
}

function stepSyncer(state: PendingLockState, input: StepInput, context: Context): Output {
  const { id, options } = context;
  const syncingLock = lockName('SYNCING', id);
  switch (state.pc) {
    case 'start':
      return stepStart(state, context);
    case 'checked': {
      const blockers = othersLocks(listedFiles(input.reply), id, ['PENDING', 'EXCLUSIVE']);
      if (blockers.length > 0) return giveUp(state, context, `saw ${blockers[0]!.name}`);
      return go(state, 'checked-posted', { kind: 'put', name: syncingLock, body: 'SYNCING' });
    }
    case 'posted-syncing':
      return go(state, 'post-then-checked', listLocks);
    case 'post-then-checked': {
      const blockers = othersLocks(listedFiles(input.reply), id, ['PENDING', 'EXCLUSIVE']);
      if (blockers.length > 0) return go(state, 'abandoning', { kind: 'delete', name: syncingLock }, `saw ${blockers[0]!.name}`);
      return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: 'sync' });
    }
    case 'checked-posted':
      return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: 'sync' });
    case 'abandoning':
      return giveUp(state, context, 'a PENDING or EXCLUSIVE lock appeared');
    case 'holding':
      return holdOrRelease(state, 'sync');
    case 'releasing':
      return go(state, 'released', { kind: 'delete', name: syncingLock });
    case 'released':
      return finished(state, context);
    default:
      throw new Error(`pending-lock: syncer has no step from ${state.pc}`);
  }
}

const describePc: Record<Pc, string> = {
  start: 'about to list',
  checked: 'listing before posting',
  'posted-pending': 'posting PENDING',
  polled: 'polling for SYNCING',
  poll: 'waiting to poll',
  'listed-pending': 'comparing PENDING locks',
  abandoning: 'deleting its lock to give up',
  'posted-exclusive': 'posting its lock',
  'dropping-pending': 'in critical section, about to delete PENDING',
  'dropped-pending': 'in critical section, deleting PENDING',
  'posted-syncing': 'posting SYNCING',
  'post-then-checked': 'listing after posting SYNCING',
  'checked-posted': 'posting SYNCING',
  holding: 'in critical section',
  releasing: 'releasing',
  'released-main': 'deleting its last lock',
  released: 'finished',
};

export const pendingLock: Protocol<PendingLockOptions, PendingLockState> = {
  name: 'pending-lock',
  summary: 'SYNCING / PENDING / EXCLUSIVE lock files, oldest PENDING wins (the question)',
  roles: ['upgrader', 'syncer'],
  sections: ['exclusive', 'sync'],
  roleSections: { upgrader: 'exclusive', syncer: 'sync' },
  options: pendingLockOptions,
  init(context) {
    assert(context.writes >= 0, 'writes must be non-negative');
    const { attempts, rounds } = context.options;
    const first: PendingLockState = { pc: 'start', attemptsLeft: initialCount(attempts), writesLeft: 0 };
    return rounds === 1 ? first : { ...first, roundsLeft: rounds === 'unbounded' ? unbounded : rounds - 1 };
  },
  step(state, input, context) {
    assert(state.attemptsLeft >= unbounded, 'attempts left went below unbounded');
    if (context.role === 'upgrader') return stepUpgrader(state, input, context);
    assert(context.role === 'syncer', `unknown role ${context.role}`);
    return stepSyncer(state, input, context);
  },
  declares: {
    // States hold a program counter and counts, never a time.
    // A client stamp rounded to a unit of its own is invariant under shifts by
    // multiples of that unit only, not of the store's resolution: declared
    // only while stamps are exact.
    timeShiftInvariant: (options) => options.timestamp === 'server' || options.clientStampUnit === 1,
    // PENDING timestamps are only ever compared with each other (isOlder): no age is compared with a constant.
    ageHorizonTicks: () => 0,
    // A client reads names and owners, and the timestamp of PENDING locks only (stampOf).
    fileFields: (name, options) => (lockKindOfName(name) === 'PENDING' ? [options.timestamp === 'server' ? 'mtimeTicks' : 'clientStampTicks'] : []),
  },
  describe(state) {
    const writes = state.pc === 'holding' ? `, ${state.writesLeft} writes left` : '';
    const rounds = state.roundsLeft === undefined ? '' : state.roundsLeft === unbounded ? ', rounds forever' : `, ${state.roundsLeft} more rounds`;
    return `${describePc[state.pc]} (${describeAttempts(state.attemptsLeft)}${writes}${rounds})`;
  },
};
