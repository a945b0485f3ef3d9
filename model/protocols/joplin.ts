// joplin: Joplin's sync-target lock (packages/lib/services/synchronizer/
// LockHandler.ts in laurent22/joplin), step by step; spec/joplin.md walks
// through the source and says which line each step stands for.
//
// Lock files `locks/<type>_desktop_<clientId>.json`, one per client and type.
// A lock is active while the store's time (remoteDate(): a measured offset
// from the client's clock, cached) minus the file's time is below lockTtl.
// Exclusive (upgrader): list the sync locks and the exclusive locks; an
// active sync lock fails it; the oldest active exclusive lock (then the
// smaller client id) is the winner: its own, put it again and hold; another's,
// fail; none, put its own, sleep, and look again. Sync (syncer): list the
// exclusive locks and its own sync lock; an exclusive lock fails it; its own
// listed, put it again and sync; else put it and look once more. A holder
// refreshes its lock every autoRefreshInterval; a refresh that finds the lock
// no longer active makes it stop. Failing deletes its own lock; so does
// release. Every step is one effect.
//
// With `refresh: timer` the refresh runs as Joplin's does, on a timer beside
// the holder's main flow (an `arm` effect): its handler has its own program
// counter and look (`timer`), runs the same acquisition code as the main
// flow (through a view of the state, `onTimerFlow`), and tells the holder of
// a lost lock through the shared state (`lost`), as startAutoLockRefresh's
// errorHandler does.

import { z } from 'zod';
import { attemptsOption, describeAttempts, initialCount, retryOrStop, unbounded } from './retry.ts';
import { moveTo } from './moveTo.ts';
import { stepChecks, type StepChecks } from './stepChecks.ts';
import type { ClientContext, Effect, ListedFile, Protocol, Reply, Request, SingleReply, StepInput, StepOutput } from '../protocol.ts';

export const joplinOptions = z
  .object({
    /** A lock is active while (store time - its file time) < lockTtl ticks. Joplin: 3 minutes (1800 ticks); scaled down. */
    lockTtl: z.number().int().min(1).default(30),
    /** Ticks between a holder's lock refreshes (Joplin: 60 s, 600 ticks; scaled down as lockTtl). */
    autoRefreshInterval: z.number().int().min(1).default(10),
    /** The exclusive taker's sleep after putting its lock, before it looks again: msleep(100), one tick. */
    exclusiveSleep: z.number().int().min(1).default(1),
    /**
     * acquireLock's timeoutMs for an exclusive taker, in ticks: while it lasts
     * (by the taker's own clock), another's lock makes it sleep and look
     * again instead of failing. 0, LockHandler's default: fail at once.
     * (MigrationHandler.upgrade passes 30 s.)
     */
    timeout: z.number().int().min(0).default(0),
    /** The sleep between two looks while the timeout lasts: time.sleep(2), 20 ticks. */
    timeoutSleep: z.number().int().min(1).default(20),
    /** acquireSyncLock's second pass puts its lock again when its own clock minus the lock's time exceeds this: 10 s, 100 ticks. */
    syncRefreshAge: z.number().int().min(0).default(100),
    /**
     * Whether the two lists of a look (sync locks and exclusive locks) go
     * out at once (Promise.all, one `all` effect) or one after the other.
     */
    concurrentLists: z.boolean().default(true),
    /**
     * One list for both checks, as later LockHandler versions do (locks()
     * once, then currentDate(), then both activeLock checks on that list);
     * false: each check lists for itself, as the version this models.
     */
    sharedList: z.boolean().default(false),
    /**
     * When the first remoteDate() of a client measures the store clock:
     * after the lists have come back (`after-lists`), or sent with them in
     * the same `all` (`with-lists`, needs concurrentLists). Later calls use
     * the cached offset and send nothing.
     */
    firstDate: z.enum(['after-lists', 'with-lists']).default('after-lists'),
    /**
     * How the refresh timer meets the holder's own data writes, once an
     * interval has passed by its clock: `beside-write` sends the next data
     * write with the refresh's first list (the timer runs beside the main
     * flow, so the write does not wait for it; one `all`); `after-write` sends
     * the write, then refreshes (the same race, sequentially); `between-writes`
     * refreshes first and writes only once the refresh has found the lock
     * still its own (a change to Joplin: the holder waits for the refresh).
     * `timer` (the default): Joplin's interval timer, on the engine's timer
     * beside the main flow; the other three are approximations of it from
     * before the engine had one (the holder looks at the timer at each of its
     * own steps).
     */
    refresh: z.enum(['timer', 'beside-write', 'after-write', 'between-writes']).default('timer'),
    /**
     * Who wins among the active exclusive locks: `oldest` (Joplin: the oldest
     * file time, then the smaller client id) or `alone` (a change to Joplin:
     * a taker holds only when its own lock is the only active exclusive lock;
     * any other makes it fail).
     */
    winner: z.enum(['oldest', 'alone']).default('oldest'),
    /**
     * Whether a taker that wins puts its lock again before holding ("Save it
     * again to refresh the timestamp"). false: a change to Joplin, for the
     * taker's own win only; a refresh's acquireLock still saves (it is the
     * refresh's only save).
     */
    reputOnWin: z.boolean().default(true),
    /** Ticks a syncer sleeps after putting its sync lock before its second look (Joplin: none; a change to Joplin). */
    syncSleep: z.number().int().min(0).default(0),
    /**
     * A change to Joplin: the holder keeps its own clock's time when it sent
     * its last put of its lock, and enters, and sends each data write, only
     * while less than lockTtl has passed since by that clock; otherwise it
     * stops as on lockExpired (before entering: it fails, deleting its lock).
     */
    leaseCheck: z.boolean().default(false),
    /** How many times a client tries before it gives up for good; `unbounded` for liveness checks. */
    attempts: attemptsOption,
    /** Ticks between attempts. */
    retryDelay: z.number().int().min(0).default(4),
  })
  .strict()
  .refine((options) => options.firstDate === 'after-lists' || options.concurrentLists, {
    message: 'firstDate: with-lists needs concurrentLists: true',
    path: ['firstDate'],
  });

export type JoplinOptions = z.infer<typeof joplinOptions>;

type LockType = 'sync' | 'exclusive';

/** The steps of one acquisition (acquire*Lock's loop); they run on the main flow, or on the timer's for a refresh. */
type AcquisitionPc = 'listing' | 'listing-second' | 'dating' | 'saved-new' | 'sleeping' | 'saved-win' | 'failing';

/** Where a refresh run of the timer is: its hasActiveLock list, or acquireLock again. */
type TimerPc = 'refresh-listing' | AcquisitionPc;

type Pc =
  | 'start'
  | AcquisitionPc
  | 'holding'
  | 'arming'
  | 'writing-then-refresh'
  | 'refresh-listing'
  | 'stopping-refresh'
  | 'abort-stopping-refresh'
  | 'aborting'
  | 'abort-releasing'
  | 'releasing'
  | 'released';

const timerPcs: ReadonlySet<string> = new Set<TimerPc>(['refresh-listing', 'listing', 'listing-second', 'dating', 'saved-new', 'sleeping', 'saved-win', 'failing']);

/** A lock as a look saw it: its client id (from the file name) and its store time. */
export type SeenLock = { clientId: string; mtime: number };

/**
 * One run of the refresh timer's handler (`refresh: timer`), while it runs:
 * its own program counter and look, as the main flow's are kept at the top
 * of the state, and its clock when it fired (the interval timer's phase: the next
 * run is the first firing after this one returns).
 */
export type TimerRun = {
  pc: TimerPc;
  firstPass: boolean;
  syncLocks: SeenLock[] | null;
  exclusiveLocks: SeenLock[] | null;
  firedAt: number;
};

export type JoplinState = {
  pc: Pc;
  /** Attempts left, counting the current one; -1 for unbounded. */
  attemptsLeft: number;
  /** Data writes left in the current critical section. */
  writesLeft: number;
  /** remoteDate()'s cached offset: store clock minus this client's clock; null until measured. */
  offset: number | null;
  /** Whether the acquisition running now was started by the refresh timer (the client holds its section meanwhile). */
  refreshing: boolean;
  /** acquireSyncLock's isFirstPass. */
  firstPass: boolean;
  /** The current look's locks, per type, between its requests (null: not listed yet). */
  syncLocks: SeenLock[] | null;
  exclusiveLocks: SeenLock[] | null;
  /** The holder's clock when its refresh timer fires next; null when not holding. */
  refreshAt: number | null;
  /** acquireExclusiveLock's startTime (the taker's clock), kept only with a timeout. */
  startClock: number | null;
  /** Its clock when it sent its last put of its own lock; kept only with leaseCheck. */
  putClock: number | null;
  /** `refresh: timer`: refreshTimers_[handle] exists (startAutoLockRefresh ran, and neither stopAutoLockRefresh nor an error cleared it). */
  refreshTimer: boolean;
  /** `refresh: timer`: the timer's errorHandler ran (lockExpired, or its acquireLock failed); the main flow stops at its next step in the section. */
  lost: boolean;
  /** `refresh: timer`: the timer's handler run, while one runs; null otherwise. */
  timer: TimerRun | null;
};

type Context = ClientContext<JoplinOptions>;
type Output = StepOutput<JoplinState>;

const checks: StepChecks = stepChecks('joplin');

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`joplin: ${message}`);
}

export const joplinLockPrefix = 'locks/';

/** lockFilePath: `locks/<type>_<clientType>_<clientId>.json`; every client here is a desktop client. */
export function joplinLockName(type: LockType, clientId: string): string {
  return `${joplinLockPrefix}${type}_desktop_${clientId}.json`;
}

/** lockTypeFromFilename: a `.json` file whose name starts with the type; anything else is no lock. */
export function joplinLockTypeOfName(name: string): LockType | null {
  if (!name.startsWith(joplinLockPrefix)) return null;
  const base = name.slice(joplinLockPrefix.length);
  if (!base.endsWith('.json')) return null;
  if (base.startsWith('sync')) return 'sync';
  if (base.startsWith('exclusive')) return 'exclusive';
  return null;
}

/** lockFileToObject: the client id is the third `_` part of the file name. */
function clientIdOfName(name: string): string {
  const base = name.slice(joplinLockPrefix.length, name.length - '.json'.length);
  return base.split('_')[2] ?? '';
}

const listRequest: Request = { kind: 'list', prefix: joplinLockPrefix };
const listLocks: Effect = listRequest;

/** locks(type): the listed lock files of that type (and, for `mine`, of this client only). */
function locksOfType(files: readonly ListedFile[], type: LockType, onlyClient: string | null): SeenLock[] {
  const seen: SeenLock[] = [];
  for (const file of files) {
    if (joplinLockTypeOfName(file.name) !== type) continue;
    const clientId = clientIdOfName(file.name);
    if (onlyClient !== null && clientId !== onlyClient) continue;
    seen.push({ clientId, mtime: file.mtimeTicks });
  }
  return seen;
}

function isActive(lock: SeenLock, now: number, options: JoplinOptions): boolean {
  return now - lock.mtime < options.lockTtl;
}

/** activeLock(Exclusive): the active exclusive locks sorted by time, then client id; the first, or null. */
function firstActiveExclusive(locks: readonly SeenLock[], now: number, options: JoplinOptions): SeenLock | null {
  const active = locks.filter((lock) => isActive(lock, now, options));
  active.sort((a, b) => (a.mtime === b.mtime ? (a.clientId < b.clientId ? -1 : 1) : a.mtime < b.mtime ? -1 : 1));
  return active[0] ?? null;
}

/** activeLock(Sync, ...): the first active sync lock in list order, or null. */
function firstActiveSync(locks: readonly SeenLock[], now: number, options: JoplinOptions): SeenLock | null {
  return locks.find((lock) => isActive(lock, now, options)) ?? null;
}

function lockTypeOf(context: Context): LockType {
  return context.role === 'upgrader' ? 'exclusive' : 'sync';
}

function sectionOf(context: Context): 'exclusive' | 'sync' {
  return context.role === 'upgrader' ? 'exclusive' : 'sync';
}

function go(state: JoplinState, pc: Pc, effect: Effect, note?: string): Output {
  return moveTo(state, pc, effect, note);
}

const cleared = { syncLocks: null, exclusiveLocks: null } as const;

/**
 * The start of one look (one turn of acquire*Lock's while loop): its lists,
 * as the options send them. acquireExclusiveLock lists [sync, exclusive],
 * acquireSyncLock [exclusive, its own sync]; both lists are `list locks/`.
 */
function look(state: JoplinState, context: Context, note?: string): Output {
  const { options } = context;
  const next: JoplinState = { ...state, ...cleared };
  if (options.sharedList) return go(next, 'listing', listLocks, note);
  if (options.concurrentLists) {
    const requests: Request[] = [listRequest, listRequest];
    if (options.firstDate === 'with-lists' && state.offset === null) requests.push({ kind: 'date' });
    return go(next, 'listing', { kind: 'all', requests }, note);
  }
  return go(next, 'listing', listLocks, note);
}

/** The locks one list shows for the look's first and second check. */
function summarise(files: readonly ListedFile[], context: Context, which: 'first' | 'second' | 'both'): Partial<JoplinState> {
  const exclusiveTaker = context.role === 'upgrader';
  const syncLocks = locksOfType(files, 'sync', exclusiveTaker ? null : context.id);
  const exclusiveLocks = locksOfType(files, 'exclusive', null);
  // acquireExclusiveLock: [activeLock(Sync), activeLock(Exclusive)]; acquireSyncLock: [activeLock(Exclusive), activeLock(Sync, me)].
  const firstIsSync = exclusiveTaker;
  if (which === 'both') return { syncLocks, exclusiveLocks };
  const isSync = which === 'first' ? firstIsSync : !firstIsSync;
  return isSync ? { syncLocks } : { exclusiveLocks };
}

/** The replies of a look have come: list(s), and the date if one went with them. */
function onListed(state: JoplinState, input: StepInput, context: Context): Output {
  const { options } = context;
  const reply = input.reply;
  let next: JoplinState = state;
  let dateTicks: number | null = null;
  if (options.sharedList) {
    next = { ...state, ...summarise(checks.listed(reply), context, 'both') };
  } else if (options.concurrentLists) {
    const replies = allReplies(reply);
    next = { ...state, ...summarise(checks.listed(replies[0] ?? null), context, 'first'), ...summarise(checks.listed(replies[1] ?? null), context, 'second') };
    if (replies.length === 3) {
      const date = replies[2]!;
      assert(date.kind === 'date', `expected a date reply, got ${date.kind}`);
      dateTicks = date.ticks;
    }
  } else if (state.pc === 'listing') {
    return go({ ...state, ...summarise(checks.listed(reply), context, 'first') }, 'listing-second', listLocks);
  } else {
    next = { ...state, ...summarise(checks.listed(reply), context, 'second') };
  }
  if (dateTicks !== null) return decide({ ...next, offset: dateTicks - input.clockTicks }, input, context);
  if (next.offset === null) return go(next, 'dating', { kind: 'date' }, 'remoteDate(): measures the store clock once');
  return decide(next, input, context);
}

function allReplies(reply: Reply | null): SingleReply[] {
  assert(reply !== null, 'expected the replies of concurrent requests, got none');
  assert(reply.kind === 'all', `expected the replies of concurrent requests, got ${reply.kind}`);
  return reply.replies;
}

/** The look's decision, with the store's time now estimated as remoteDate() does: its own clock plus the cached offset. */
function decide(state: JoplinState, input: StepInput, context: Context): Output {
  const offset = state.offset;
  assert(offset !== null, 'remoteDate() has no offset');
  assert(state.syncLocks !== null && state.exclusiveLocks !== null, 'a look decides with both checks listed');
  const now = input.clockTicks + offset;
  return context.role === 'upgrader' ? decideExclusive(state, input, context, now) : decideSync(state, input, context, now);
}

/** acquireExclusiveLock, one turn of its loop. */
function decideExclusive(state: JoplinState, input: StepInput, context: Context, now: number): Output {
  const { id, options } = context;
  const mine = joplinLockName('exclusive', id);
  const syncLock = firstActiveSync(state.syncLocks!, now, options);
  if (syncLock !== null) return failOrWait(state, input, context, `an active sync lock of ${syncLock.clientId}`);
  const exclusive = firstActiveExclusive(state.exclusiveLocks!, now, options);
  const others = state.exclusiveLocks!.filter((lock) => lock.clientId !== id && isActive(lock, now, options));
  if (exclusive !== null && options.winner === 'alone' && others.length > 0) {
    return failOrWait(state, input, context, `an active exclusive lock of ${others[0]!.clientId} besides its own`);
  }
  if (exclusive !== null && exclusive.clientId === id) {
    // The fix drops the save of a taker's own win only: a refresh's acquireLock keeps it, since it is the refresh's only save.
    if (!options.reputOnWin && !state.refreshing) return won(state, input, context, 'its exclusive lock is the active one');
    return go({ ...state, ...cleared, putClock: putClockOf(input, context) }, 'saved-win', { kind: 'put', name: mine, body: 'exclusive' }, 'its exclusive lock is the active one: saves it again');
  }
  if (exclusive !== null) return failOrWait(state, input, context, `the active exclusive lock is ${exclusive.clientId}'s`);
  return go({ ...state, ...cleared, putClock: putClockOf(input, context) }, 'saved-new', { kind: 'put', name: mine, body: 'exclusive' }, 'no active exclusive lock: saves its own');
}

/** acquireSyncLock, one turn of its loop. */
function decideSync(state: JoplinState, input: StepInput, context: Context, now: number): Output {
  const { id, options } = context;
  const mine = joplinLockName('sync', id);
  const exclusive = firstActiveExclusive(state.exclusiveLocks!, now, options);
  if (exclusive !== null) return fail(state, context, `an active exclusive lock of ${exclusive.clientId}`);
  const own = firstActiveSync(state.syncLocks!, now, options);
  if (own !== null) {
    if (state.firstPass || input.clockTicks - own.mtime > options.syncRefreshAge) {
      return go({ ...state, ...cleared, putClock: putClockOf(input, context) }, 'saved-win', { kind: 'put', name: mine, body: 'sync' }, state.firstPass ? 'its sync lock is listed: saves it again' : 'its sync lock is old by its own clock: saves it again');
    }
    return won(state, input, context, 'its sync lock is listed');
  }
  if (!state.firstPass) return fail(state, context, 'its sync lock was written but not read back');
  return go({ ...state, ...cleared, firstPass: false, putClock: putClockOf(input, context) }, 'saved-new', { kind: 'put', name: mine, body: 'sync' }, 'no sync lock of its own: saves it');
}

/** waitForTimeout(): while the timeout lasts, sleep and look again; else fail. Never for a refresh (acquireLock without options). */
function failOrWait(state: JoplinState, input: StepInput, context: Context, why: string): Output {
  const { options } = context;
  if (!state.refreshing && options.timeout > 0 && state.startClock !== null && input.clockTicks - state.startClock < options.timeout) {
    return go({ ...state, ...cleared }, 'sleeping', { kind: 'wait', ticks: options.timeoutSleep }, `${why}: waits, the timeout lasts`);
  }
  return fail(state, context, why);
}

/** The catch of acquire*Lock: delete its own lock of that type, then throw. */
function fail(state: JoplinState, context: Context, why: string): Output {
  return go({ ...state, ...cleared }, 'failing', { kind: 'delete', name: joplinLockName(lockTypeOf(context), context.id) }, `fails (${why}): releases its lock`);
}

/** acquireLock has returned: enter the section (then, with the timer, start it), or (a refresh) hold on. */
function won(state: JoplinState, input: StepInput, context: Context, note?: string): Output {
  const base: JoplinState = { ...state, ...cleared, startClock: null as number | null };
  if (state.refreshing && context.options.refresh === 'timer') return refreshReturned(base, input, context, note);
  if (state.refreshing) return { ...holdOn({ ...base, refreshing: false }, context, input), ...(note === undefined ? {} : { note: `refreshed: ${note}` }) };
  if (leaseLapsed(state, input, context)) return fail(state, context, 'its own clock says its lock may have expired since it was put');
  const pc: Pc = context.options.refresh === 'timer' ? 'arming' : 'holding';
  return go({ ...base, writesLeft: context.writes }, pc, { kind: 'enter', section: sectionOf(context) }, note);
}

function firstStep(state: JoplinState, context: Context, clockTicks: number): Output {
  const started: JoplinState = { ...state, firstPass: true, refreshing: false, startClock: context.options.timeout > 0 ? clockTicks : null };
  return look(started, context);
}

/** What a put of its own lock records: its clock at sending, with leaseCheck only (else nothing, so that states stay small). */
function putClockOf(input: StepInput, context: Context): number | null {
  return context.options.leaseCheck ? input.clockTicks : null;
}

/** With leaseCheck: lockTtl ticks or more have passed, by its own clock, since it sent its last put of its lock. */
function leaseLapsed(state: JoplinState, input: StepInput, context: Context): boolean {
  return context.options.leaseCheck && state.putClock !== null && input.clockTicks - state.putClock >= context.options.lockTtl;
}

/** The holder's refresh timer: due when its clock has reached refreshAt. */
function refreshDue(state: JoplinState, input: StepInput): boolean {
  return state.refreshAt !== null && input.clockTicks >= state.refreshAt;
}

/** The next tick, on this client's virtual clock, at which Joplin's auto-refresh interval fires after `clockTicks`. */
function nextFiring(refreshAt: number, clockTicks: number, interval: number): number {
  if (refreshAt > clockTicks) return refreshAt;
  return refreshAt + (Math.floor((clockTicks - refreshAt) / interval) + 1) * interval;
}

/** The timer fires: hasActiveLock(type, me) lists the locks (its date is the cached offset). */
function startRefresh(state: JoplinState, input: StepInput, context: Context, withWrite: boolean): Output {
  const refreshAt = nextFiring(state.refreshAt!, input.clockTicks, context.options.autoRefreshInterval);
  const next: JoplinState = { ...state, ...cleared, refreshAt };
  if (withWrite) {
    assert(state.writesLeft > 0, 'a write beside the refresh needs a write left');
    return go({ ...next, writesLeft: state.writesLeft - 1 }, 'refresh-listing', { kind: 'all', requests: [{ kind: 'write' }, listRequest] }, 'its refresh timer fires beside its next write');
  }
  return go(next, 'refresh-listing', listLocks, 'its refresh timer fires');
}

/** The holder's next step in its section: a write (maybe meeting the refresh timer), or leaving. */
function holdOn(state: JoplinState, context: Context, input: StepInput): Output {
  const { options } = context;
  assert(options.refresh !== 'timer', 'with the timer the holder does not look at a refresh itself');
  const due = refreshDue(state, input);
  if (state.writesLeft > 0) {
    if (leaseLapsed(state, input, context)) {
      return go({ ...state, ...cleared, refreshAt: null }, 'abort-releasing', { kind: 'exit', section: sectionOf(context) }, 'its own clock says its lock may have expired: it stops before writing');
    }
    if (due && options.refresh === 'between-writes') return startRefresh(state, input, context, false);
    if (due && options.refresh === 'beside-write') return startRefresh(state, input, context, true);
    const write: Effect = { kind: 'write' };
    if (due) return go({ ...state, writesLeft: state.writesLeft - 1 }, 'writing-then-refresh', write, 'its refresh timer fires; the write goes on');
    return go({ ...state, writesLeft: state.writesLeft - 1 }, 'holding', write);
  }
  // stopAutoLockRefresh, then release in the caller's finally.
  return go({ ...state, refreshAt: null }, 'releasing', { kind: 'exit', section: sectionOf(context) });
}

/** hasActiveLock(type, me): for exclusive, the first active exclusive lock is its own; for sync, an active sync lock of its own. */
function hasActiveLock(files: readonly ListedFile[], now: number, context: Context): boolean {
  const { id, options } = context;
  const type = lockTypeOf(context);
  const locks = locksOfType(files, type, null);
  if (type === 'exclusive') return firstActiveExclusive(locks, now, options)?.clientId === id;
  return firstActiveSync(locks.filter((lock) => lock.clientId === id), now, options) !== null;
}

/** The refresh's hasActiveLock answer: not active, the lock has expired; else acquireLock again, from the timer. */
function onRefreshListed(state: JoplinState, input: StepInput, context: Context): Output {
  const { options } = context;
  let reply = input.reply;
  if (options.refresh === 'beside-write') {
    const replies = allReplies(reply);
    assert(replies.length === 2 && replies[0]!.kind === 'ok', 'expected the write and the list of a refresh');
    reply = replies[1]!;
  }
  const offset = state.offset;
  assert(offset !== null, 'a holder has measured the store clock');
  const files = checks.listed(reply);
  // `if (!this.refreshTimers_[handle]) return defer(); // Timeout has been cleared`, before the answer is read.
  if (options.refresh === 'timer' && !state.refreshTimer) return endRun(state, 'hasActiveLock answered, but its timer was stopped meanwhile: returns');
  const active = hasActiveLock(files, input.clockTicks + offset, context);
  if (!active && options.refresh === 'timer') return refreshError(state, 'its refresh finds the lock expired (lockExpired)');
  if (!active) return go({ ...state, ...cleared, refreshAt: null }, 'abort-releasing', { kind: 'exit', section: sectionOf(context) }, 'its refresh finds the lock expired (lockExpired): it stops');
  return look({ ...state, refreshing: true, firstPass: true }, context, 'its refresh finds the lock active: acquires it again');
}

// refresh: timer. The main flow starts the timer when it enters (where
// MigrationHandler and Synchronizer call startAutoLockRefresh, right after
// acquireLock returns) and stops it when it leaves (stopAutoLockRefresh in
// their finally, before releaseLock). Each firing runs the interval's
// callback: hasActiveLock, then acquireLock again, on the timer's own flow.

/** The holder's next step beside its timer: stop if the timer reported the lock lost, else write, else leave. */
function holdBesideTimer(state: JoplinState, context: Context, input: StepInput): Output {
  const exit: Effect = { kind: 'exit', section: sectionOf(context) };
  // MigrationHandler: `if (autoLockError) throw autoLockError;` around each migration; the model checks before each step.
  if (state.lost) return go(state, 'abort-stopping-refresh', exit, 'its refresh timer reported the lock lost: it stops');
  if (state.writesLeft === 0) return go(state, 'stopping-refresh', exit);
  if (leaseLapsed(state, input, context)) return go(state, 'abort-stopping-refresh', exit, 'its own clock says its lock may have expired: it stops before writing');
  return go({ ...state, writesLeft: state.writesLeft - 1 }, 'holding', { kind: 'write' });
}

/** The timer fires: the interval's callback sets inProgress and asks hasActiveLock (a list; the date is the cached offset). */
function refreshFires(state: JoplinState, input: StepInput): Output {
  assert(input.reply === null, 'a timer run starts with no reply');
  assert(state.refreshTimer, 'the refresh timer fired after it was stopped');
  const timer: TimerRun = { pc: 'refresh-listing', firstPass: true, syncLocks: null, exclusiveLocks: null, firedAt: input.clockTicks };
  return { state: { ...state, timer }, effect: listLocks, note: 'its refresh timer fires: hasActiveLock lists the locks' };
}

/** The interval timer's next firing after this run, in ticks from now: a firing while the run was in progress returned at once (inProgress). */
function ticksToNextFiring(firedAt: number, clockTicks: number, interval: number): number {
  assert(clockTicks >= firedAt, 'a timer run ends after it fired');
  return interval - ((clockTicks - firedAt) % interval);
}

/** The refresh's acquireLock returned: if the timer was stopped meanwhile, return; else the run ends and the interval goes on. */
function refreshReturned(state: JoplinState, input: StepInput, context: Context, note?: string): Output {
  const refreshed = note === undefined ? 'refreshed' : `refreshed: ${note}`;
  if (!state.refreshTimer) return endRun(state, `${refreshed}, but its timer was stopped meanwhile: returns`);
  const run = state.timer;
  assert(run !== null, 'a refresh returns from a timer run');
  const afterTicks = ticksToNextFiring(run.firedAt, input.clockTicks, context.options.autoRefreshInterval);
  return { state, effect: { kind: 'arm', afterTicks }, note: `${refreshed}; next firing in ${afterTicks} ticks` };
}

/** The run returns (defer()) and the timer stays as it is. */
function endRun(state: JoplinState, note: string): Output {
  return { state, effect: { kind: 'end' }, note };
}

/** The refresh's error: clearInterval, and the errorHandler tells the holder (MigrationHandler keeps it as autoLockError). */
function refreshError(state: JoplinState, why: string): Output {
  return endRun({ ...state, ...cleared, refreshTimer: false, lost: true }, `${why}: its timer stops and tells the holder`);
}

/**
 * One step of the timer's run, by the code the main flow runs: the run's
 * pc and look are put where the main flow keeps its own, the step runs on
 * that view, and the run's fields are taken back out; what both flows share
 * (the offset, the put clock, refreshTimer, lost) stays as the step left it.
 */
function onTimerFlow(state: JoplinState, input: StepInput, context: Context): Output {
  const run = state.timer;
  assert(run !== null, 'a timer step with no run');
  const view: JoplinState = { ...state, pc: run.pc, firstPass: run.firstPass, syncLocks: run.syncLocks, exclusiveLocks: run.exclusiveLocks, startClock: null, refreshing: true };
  const output = run.pc === 'refresh-listing' ? onRefreshListed(view, input, context) : stepAcquisition(view, input, context);
  const kind = output.effect.kind;
  assert(kind !== 'enter' && kind !== 'exit' && kind !== 'done' && kind !== 'disarm', `a timer run may not ${kind}`);
  const after = output.state;
  let timer: TimerRun | null = null;
  if (kind !== 'arm' && kind !== 'end') {
    assert(timerPcs.has(after.pc), `a timer run may not go to ${after.pc}`);
    timer = { ...run, pc: after.pc as TimerPc, firstPass: after.firstPass, syncLocks: after.syncLocks, exclusiveLocks: after.exclusiveLocks };
  }
  const main: JoplinState = { ...after, pc: state.pc, firstPass: state.firstPass, syncLocks: state.syncLocks, exclusiveLocks: state.exclusiveLocks, startClock: state.startClock, refreshing: state.refreshing, timer };
  return { ...output, state: main };
}

/** A step of the timer's handler: a new run when it fires, else the run's next step. */
function timerStep(state: JoplinState, input: StepInput, context: Context): Output {
  assert(context.options.refresh === 'timer', 'a timer step without refresh: timer');
  if (state.timer === null) return refreshFires(state, input);
  return onTimerFlow(state, input, context);
}

/** One step of an acquisition, on whichever flow runs it. */
function stepAcquisition(state: JoplinState, input: StepInput, context: Context): Output {
  const { options } = context;
  switch (state.pc) {
    case 'listing':
    case 'listing-second':
      return onListed(state, input, context);
    case 'dating': {
      const reply = input.reply;
      assert(reply !== null && reply.kind === 'date', `expected a date reply, got ${reply === null ? 'none' : reply.kind}`);
      return decide({ ...state, offset: reply.ticks - input.clockTicks }, input, context);
    }
    case 'saved-new':
      checks.replyKind(input.reply, 'ok');
      if (context.role === 'upgrader') return go(state, 'sleeping', { kind: 'wait', ticks: options.exclusiveSleep });
      if (options.syncSleep > 0) return go(state, 'sleeping', { kind: 'wait', ticks: options.syncSleep });
      return look(state, context, 'looks again');
    case 'sleeping':
      return look(state, context, 'looks again');
    case 'saved-win':
      checks.replyKind(input.reply, 'ok');
      return won(state, input, context);
    case 'failing':
      checks.replyKind(input.reply, 'ok', 'not-found');
      if (state.refreshing && options.refresh === 'timer') return refreshError(state, 'its refresh failed (acquireLock threw)');
      if (state.refreshing) return go({ ...state, refreshing: false, refreshAt: null }, 'abort-releasing', { kind: 'exit', section: sectionOf(context) }, 'its refresh failed: it stops');
      return retryOrStop<JoplinState>('joplin', { ...state, startClock: null }, options.retryDelay, (restarted) => firstStep(restarted, context, input.clockTicks), 'could not acquire the lock');
    default:
      throw new Error(`joplin: no acquisition step from ${String(state.pc)}`);
  }
}

const acquisitionPcs: ReadonlySet<string> = new Set<AcquisitionPc>(['listing', 'listing-second', 'dating', 'saved-new', 'sleeping', 'saved-win', 'failing']);

function stepClient(state: JoplinState, input: StepInput, context: Context): Output {
  const { options } = context;
  if (acquisitionPcs.has(state.pc)) return stepAcquisition(state, input, context);
  switch (state.pc) {
    case 'start':
      return firstStep(state, context, input.clockTicks);
    case 'arming':
      // startAutoLockRefresh: the first firing one interval after the lock is acquired.
      return go({ ...state, refreshTimer: true }, 'holding', { kind: 'arm', afterTicks: options.autoRefreshInterval }, 'startAutoLockRefresh');
    case 'holding':
      if (options.refresh === 'timer') {
        if (input.reply !== null) checks.replyKind(input.reply, 'ok');
        return holdBesideTimer(state, context, input);
      }
      if (state.refreshAt === null) {
        // Just entered: startAutoLockRefresh; the first firing is one interval away.
        return holdOn({ ...state, refreshAt: input.clockTicks + options.autoRefreshInterval }, context, input);
      }
      if (input.reply !== null) checks.replyKind(input.reply, 'ok');
      return holdOn(state, context, input);
    case 'writing-then-refresh':
      checks.replyKind(input.reply, 'ok');
      return startRefresh(state, input, context, false);
    case 'refresh-listing':
      return onRefreshListed(state, input, context);
    case 'stopping-refresh':
      // stopAutoLockRefresh; a run in progress goes on (it checks refreshTimers_[handle] when its awaits return).
      return go({ ...state, refreshTimer: false }, 'releasing', { kind: 'disarm' }, 'stopAutoLockRefresh');
    case 'abort-stopping-refresh':
      return go({ ...state, refreshTimer: false }, 'abort-releasing', { kind: 'disarm' }, 'stopAutoLockRefresh');
    case 'abort-releasing':
      return go(state, 'aborting', { kind: 'delete', name: joplinLockName(lockTypeOf(context), context.id) });
    case 'aborting':
      return { state: { ...state, pc: 'released' }, effect: { kind: 'done', outcome: 'gave-up' }, note: 'the lock expired' };
    case 'releasing':
      return go(state, 'released', { kind: 'delete', name: joplinLockName(lockTypeOf(context), context.id) });
    case 'released':
      return { state, effect: { kind: 'done', outcome: 'finished' } };
    default:
      throw new Error(`joplin: no step from ${String(state.pc)}`);
  }
}

const describePc: Record<Pc, string> = {
  start: 'about to look',
  listing: 'listing locks',
  'listing-second': 'listing locks (second check)',
  dating: 'reading the store clock',
  'saved-new': 'saving its lock',
  sleeping: 'sleeping before it looks again',
  'saved-win': 'saving its lock again',
  failing: 'deleting its lock to fail',
  holding: 'in critical section',
  arming: 'in critical section, starting its refresh timer',
  'writing-then-refresh': 'in critical section, writing before its refresh',
  'refresh-listing': 'in critical section, refreshing',
  'stopping-refresh': 'left its section, stopping its refresh timer',
  'abort-stopping-refresh': 'stopping: lock lost; stopping its refresh timer',
  'abort-releasing': 'stopping: lock lost',
  aborting: 'deleting its lock after losing it',
  releasing: 'releasing',
  released: 'finished',
};

export const joplin: Protocol<JoplinOptions, JoplinState> = {
  name: 'joplin',
  summary: "Joplin's sync-target LockHandler: sync and exclusive lock files aged by the store clock, oldest exclusive lock wins",
  roles: ['upgrader', 'syncer'],
  sections: ['exclusive', 'sync'],
  roleSections: { upgrader: 'exclusive', syncer: 'sync' },
  options: joplinOptions,
  init(context) {
    assert(context.writes >= 0, 'writes must be non-negative');
    return {
      pc: 'start',
      attemptsLeft: initialCount(context.options.attempts),
      writesLeft: 0,
      offset: null,
      refreshing: false,
      firstPass: true,
      syncLocks: null,
      exclusiveLocks: null,
      refreshAt: null,
      startClock: null,
      putClock: null,
      refreshTimer: false,
      lost: false,
      timer: null,
    };
  },
  step(state, input, context) {
    assert(state.attemptsLeft >= unbounded, 'attempts left went below unbounded');
    assert(context.role === 'upgrader' || context.role === 'syncer', `unknown role ${context.role}`);
    if (input.activity === 'timer') return timerStep(state, input, context);
    return stepClient(state, input, context);
  },
  declares: {
    // Not time-shift invariant, for any options: a holder keeps its refresh
    // timer's next firing (refreshAt, its own clock), or with `refresh:
    // timer` the clock at which the running refresh fired (the interval timer's
    // phase); a timed taker keeps its start time, leaseCheck its put time;
    // and a look keeps the listed file times until its date (the first look,
    // unless the date goes with the lists) or its second list.
    timeShiftInvariant: false,
    // Ages are compared with lockTtl (activeness), syncRefreshAge (the sync
    // second pass) and, by the own clock, autoRefreshInterval and timeout.
    ageHorizonTicks: (options) => Math.max(options.lockTtl, options.syncRefreshAge, options.autoRefreshInterval, options.timeout),
    // The time of its lock files, nothing else (the client id comes from the name).
    fileFields: (name) => (joplinLockTypeOfName(name) === null ? [] : ['mtimeTicks']),
  },
  describe(state) {
    const writes = state.pc === 'holding' ? `, ${state.writesLeft} writes left` : '';
    const refresh = state.refreshing ? ', from its refresh timer' : '';
    const lost = state.lost ? ', its timer reported the lock lost' : '';
    const timer = state.timer === null ? '' : `; its refresh timer: ${describePc[state.timer.pc]}`;
    return `${describePc[state.pc]} (${describeAttempts(state.attemptsLeft)}${writes}${refresh}${lost})${timer}`;
  },
};
