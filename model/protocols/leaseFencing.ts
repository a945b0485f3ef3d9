// lease-fencing (GitHub issue 5): create-exclusive, plus a lease on the
// EXCLUSIVE file, compare-and-swap take-over and fencing tokens.
//
// The well-known file `locks/EXCLUSIVE` holds `{ owner, token }` and is never
// deleted, so its version and token only count up:
// - first holder ever: create-if-absent with token 1;
// - every later holder takes it over with a compare-and-swap on the version
//   it listed, `{ owner: self, token: listed token + 1 }`, when the file is
//   released (`owner: null`) or its lease has expired by the taker's clock:
//   never by delete-then-create;
// - a holder releases it with a compare-and-swap to `{ owner: null, token }`
//   (a `conflict` means someone has already taken it over);
// - every data write of a holder carries its token; the store rejects a
//   write whose token is older than the newest it has accepted.
//
// Upgrader: list; give up if another client's PENDING lock or an active
// (owned, unexpired) EXCLUSIVE file is listed; post PENDING and poll until no
// SYNCING lock is listed; from that same list, create or take over the
// EXCLUSIVE file as above, or give up if it is active. A winner deletes its
// PENDING lock before it enters: unlike create-exclusive, where a winner
// keeps it, a lingering PENDING lock would stop every later upgrader at its
// first list, so an expired lease could never be taken over. The EXCLUSIVE
// file, committed first, keeps syncers out instead.
// Holding: data write; then, with a ttl and writes left, list: if the file
// is no longer its own (other owner or token) or its lease has expired by its
// own clock, leave the section and stop without writing; if `refreshInterval`
// ticks have passed since the file's stamp, refresh with a compare-and-swap
// on its own version (`conflict`: lost, stop); then the next write. A
// `rejected` write also means it lost: it stops.
// Syncer: post SYNCING, then list; any PENDING lock or an active EXCLUSIVE
// file makes it delete SYNCING and give up. SYNCING and PENDING locks have
// no lease.
//
// The state keeps the token and file version of the client's own holding
// (plain counters, never times): create makes version 1, a committed
// compare-and-swap makes expectedVersion + 1 (model/protocol.ts ListedFile).

import { z } from 'zod';
import { exclusiveBody, exclusiveBodyOf, exclusiveFileName, exclusiveFileOf } from '../exclusiveFile.ts';
import { isLeaseActive, isRefreshDue, leaseOptionFields, timestampSources } from '../leases.ts';
import { listLocks, lockName, locksOf } from '../lockFiles.ts';
import type { ClientContext, Effect, ListedFile, Protocol, StepInput, StepOutput } from '../protocol.ts';
import { stepPostThenCheckSyncer, type SyncerPc } from './postThenCheckSyncer.ts';
import { retryOrStop, attemptsOption, describeAttempts, initialCount, unbounded } from './retry.ts';
import { moveTo } from './moveTo.ts';
import { stepChecks, type StepChecks } from './stepChecks.ts';

export const leaseFencingOptions = z
  .object({
    /** Which time the EXCLUSIVE file carries, for its lease. */
    timestamp: z.enum(timestampSources).default('server'),
    ...leaseOptionFields({ ttl: 20, refreshInterval: 5 }),
    /**
     * Whether a new holder first makes a data write carrying its token, and
     * enters only once the store accepted it. The store learns a newer token
     * only from a data write: without this, a paused old holder's write can
     * land after a take-over and be accepted (fencedWrites fails).
     */
    fenceBeforeEnter: z.boolean().default(true),
    /** Ticks between an upgrader's polls for SYNCING locks. */
    pollInterval: z.number().int().min(1).default(2),
    /** How many times a client tries before it gives up for good. */
    attempts: attemptsOption,
    /** Ticks between attempts. */
    retryDelay: z.number().int().min(0).default(4),
  })
  .strict();

export type LeaseFencingOptions = z.infer<typeof leaseFencingOptions>;

type Pc =
  | SyncerPc
  | 'checked'
  | 'posted-pending'
  | 'poll'
  | 'polled'
  | 'creating'
  | 'taking-over'
  | 'won'
  | 'fencing'
  | 'wrote'
  | 'lease-check'
  | 'refreshing'
  | 'dropped'
  | 'unlocking';

export type LeaseFencingState = {
  pc: Pc;
  /** Attempts left, counting the current one. */
  attemptsLeft: number;
  /** Data writes left in the current critical section. */
  writesLeft: number;
  /** The fencing token of its holding (or of the create or take-over in flight); null when it holds nothing. */
  token: number | null;
  /** The EXCLUSIVE file's version as its own last write made it (or will make it); null when it holds nothing. */
  version: number | null;
};

type Context = ClientContext<LeaseFencingOptions>;
type Output = StepOutput<LeaseFencingState>;

const name = 'lease-fencing';
const checks: StepChecks = stepChecks(name);

const go = (state: LeaseFencingState, pc: Pc, effect: Effect, note?: string): Output => moveTo(state, pc, effect, note);

function firstStep(state: LeaseFencingState): Output {
  return go(state, 'checked', listLocks);
}

function giveUp(state: LeaseFencingState, context: Context, why: string): Output {
  return retryOrStop(name, state, context.options.retryDelay, firstStep, why);
}

/** The EXCLUSIVE file, when it is held: it has an owner and its lease has not expired by the reader's clock. */
function activeExclusive(files: readonly ListedFile[], clockTicks: number, options: LeaseFencingOptions): { file: ListedFile; owner: string } | null {
  const file = exclusiveFileOf(files);
  if (file === undefined) return null;
  const { owner } = exclusiveBodyOf(file);
  if (owner === null || !isLeaseActive(file, clockTicks, options.ttl, options.timestamp)) return null;
  return { file, owner };
}

/** What it holds: token and version, which a holder always has. */
function holding(state: LeaseFencingState): { token: number; version: number } {
  checks.assert(state.token !== null && state.version !== null, `a holder has a token and a version (at ${state.pc})`);
  return { token: state.token, version: state.version };
}

function write(state: LeaseFencingState): Output {
  const { token } = holding(state);
  return go({ ...state, writesLeft: state.writesLeft - 1 }, 'wrote', { kind: 'write', token });
}

/** The next data write, or leaving the section once the writes are made. */
function writeOrExit(state: LeaseFencingState): Output {
  if (state.writesLeft > 0) return write(state);
  return go(state, 'releasing', { kind: 'exit', section: 'exclusive' });
}

/** It has lost the lock while holding: leave the section; it makes no further write. */
function lose(state: LeaseFencingState, why: string): Output {
  return go(state, 'dropped', { kind: 'exit', section: 'exclusive' }, `${why}; stops without writing`);
}

/** Its create or take-over failed: forget the token it tried for, and delete its PENDING lock. */
function abandon(state: LeaseFencingState, context: Context, why: string): Output {
  return go({ ...state, token: null, version: null }, 'abandoning', { kind: 'delete', name: lockName('PENDING', context.id) }, why);
}

/** Why a holder's lock is no longer its own, or null when it still holds it. */
function holderLoss(state: LeaseFencingState, files: readonly ListedFile[], clockTicks: number, context: Context): string | null {
  const { token, version } = holding(state);
  const file = exclusiveFileOf(files);
  checks.assert(file !== undefined, `a holder always lists ${exclusiveFileName}: nobody deletes it`);
  const body = exclusiveBodyOf(file);
  if (body.owner !== context.id || body.token !== token) {
    return `${exclusiveFileName} now belongs to ${body.owner ?? 'nobody'} with token ${body.token ?? 'none'}`;
  }
  checks.assert(file.version === version, `its own ${exclusiveFileName} has version ${file.version}, not ${version}`);
  if (!isLeaseActive(file, clockTicks, context.options.ttl, context.options.timestamp)) return 'its lease has expired';
  return null;
}

function stepUpgrader(state: LeaseFencingState, input: StepInput, context: Context): Output {
  const { id, options } = context;
  switch (state.pc) {
    case 'start':
      return firstStep(state);
    case 'checked': {
      const files = checks.listed(input.reply);
      const pending = locksOf(files, 'PENDING').find((file) => file.owner !== id);
      if (pending !== undefined) return giveUp(state, context, `saw ${pending.name}`);
      const held = activeExclusive(files, input.clockTicks, options);
      if (held !== null) return giveUp(state, context, `${held.owner} holds ${exclusiveFileName}`);
      return go(state, 'posted-pending', { kind: 'put', name: lockName('PENDING', id), body: 'PENDING' });
    }
    case 'posted-pending':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'polled', listLocks);
    case 'poll':
      return go(state, 'polled', listLocks);
    case 'polled': {
      const files = checks.listed(input.reply);
      const syncing = locksOf(files, 'SYNCING')[0];
      if (syncing !== undefined) return go(state, 'poll', { kind: 'wait', ticks: options.pollInterval }, `waits for ${syncing.name}`);
      const file = exclusiveFileOf(files);
      if (file === undefined) {
        return go({ ...state, token: 1, version: 1 }, 'creating', { kind: 'create', name: exclusiveFileName, body: exclusiveBody(id, 1) }, 'no SYNCING lock listed');
      }
      const held = activeExclusive(files, input.clockTicks, options);
      if (held !== null) return abandon(state, context, `${held.owner} holds ${exclusiveFileName}`);
      const body = exclusiveBodyOf(file);
      checks.assert(body.token !== null, `${exclusiveFileName} has no token`);
      const token = body.token + 1;
      const why = body.owner === null ? `${exclusiveFileName} is released` : `${body.owner}'s lease on ${exclusiveFileName} has expired`;
      return go(
        { ...state, token, version: file.version + 1 },
        'taking-over',
        { kind: 'cas', name: exclusiveFileName, body: exclusiveBody(id, token), expectedVersion: file.version },
        `${why}: takes it over with token ${token}`,
      );
    }
    case 'creating':
      if (checks.replyKind(input.reply, 'ok', 'exists') === 'exists') return abandon(state, context, `${exclusiveFileName} exists`);
      return go(state, 'won', { kind: 'delete', name: lockName('PENDING', id) }, `created ${exclusiveFileName}`);
    case 'taking-over':
      if (checks.replyKind(input.reply, 'ok', 'conflict') === 'conflict') return abandon(state, context, `${exclusiveFileName} changed first`);
      return go(state, 'won', { kind: 'delete', name: lockName('PENDING', id) }, `took ${exclusiveFileName} over`);
    case 'won': {
      checks.replyKind(input.reply, 'ok');
      const { token } = holding(state);
      if (options.fenceBeforeEnter) return go(state, 'fencing', { kind: 'write', token }, `fences the store with token ${token} before entering`);
      return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: 'exclusive' }, `holds token ${token}`);
    }
    case 'fencing':
      // Not yet inside: a rejected fence is a lost attempt, not a section to leave.
      if (checks.replyKind(input.reply, 'ok', 'rejected') === 'rejected') {
        return giveUp({ ...state, token: null, version: null }, context, 'the store rejected its fence: a newer token has written');
      }
      return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: 'exclusive' }, `holds token ${state.token}`);
    case 'abandoning':
      checks.replyKind(input.reply, 'ok');
      return giveUp(state, context, 'another client holds EXCLUSIVE');
    case 'holding':
      return writeOrExit(state);
    case 'wrote':
      if (checks.replyKind(input.reply, 'ok', 'rejected') === 'rejected') return lose(state, 'the store rejected its write: a newer token has written');
      if (options.ttl !== null && state.writesLeft > 0) return go(state, 'lease-check', listLocks, 'checks its lease before the next write');
      return writeOrExit(state);
    case 'lease-check': {
      const files = checks.listed(input.reply);
      const lost = holderLoss(state, files, input.clockTicks, context);
      if (lost !== null) return lose(state, lost);
      const file = exclusiveFileOf(files)!;
      if (!isRefreshDue(file, input.clockTicks, options.refreshInterval, options.timestamp)) return writeOrExit(state);
      const { token, version } = holding(state);
      return go(state, 'refreshing', { kind: 'cas', name: exclusiveFileName, body: exclusiveBody(id, token), expectedVersion: version }, 'refreshes its lease');
    }
    case 'refreshing': {
      if (checks.replyKind(input.reply, 'ok', 'conflict') === 'conflict') return lose(state, `${exclusiveFileName} changed under it`);
      const { version } = holding(state);
      return writeOrExit({ ...state, version: version + 1 });
    }
    case 'dropped':
      return go({ ...state, token: null, version: null }, 'released', { kind: 'done', outcome: 'gave-up' }, 'lost its lock while holding');
    case 'releasing': {
      const { token, version } = holding(state);
      return go(state, 'unlocking', { kind: 'cas', name: exclusiveFileName, body: exclusiveBody(null, token), expectedVersion: version });
    }
    case 'unlocking': {
      const taken = checks.replyKind(input.reply, 'ok', 'conflict') === 'conflict';
      const next = { ...state, token: null, version: null };
      return go(next, 'released', { kind: 'done', outcome: 'finished' }, taken ? 'already taken over' : 'released its lock');
    }
    default:
      throw new Error(`${name}: upgrader has no step from ${state.pc}`);
  }
}

/** A syncer backs off from any PENDING lock and from an active EXCLUSIVE file. */
function syncerBlocker(files: readonly ListedFile[], clockTicks: number, options: LeaseFencingOptions): ListedFile | undefined {
  return locksOf(files, 'PENDING')[0] ?? activeExclusive(files, clockTicks, options)?.file;
}

const describePc: Record<Pc, string> = {
  start: 'about to start',
  checked: 'checking the locks',
  'posted-pending': 'posting PENDING',
  poll: 'waiting to poll',
  polled: 'polling for SYNCING',
  creating: `creating ${exclusiveFileName}`,
  'taking-over': `taking ${exclusiveFileName} over`,
  won: 'deleting PENDING after winning',
  fencing: 'fencing the store with its token',
  abandoning: 'deleting its lock to give up',
  'posted-syncing': 'posting SYNCING',
  holding: 'in critical section',
  wrote: 'writing data',
  'lease-check': 'checking its lease',
  refreshing: 'refreshing its lease',
  dropped: 'lost its lock, leaving',
  releasing: 'releasing',
  unlocking: `releasing ${exclusiveFileName}`,
  released: 'finished',
};

export const leaseFencing: Protocol<LeaseFencingOptions, LeaseFencingState> = {
  name,
  summary: 'create-exclusive with a lease on locks/EXCLUSIVE, compare-and-swap take-over and fenced writes',
  roles: ['upgrader', 'syncer'],
  sections: ['exclusive', 'sync'],
  roleSections: { upgrader: 'exclusive', syncer: 'sync' },
  options: leaseFencingOptions,
  requires: { createIfAbsent: true },
  init(context) {
    checks.assert(Number.isInteger(context.writes) && context.writes >= 0, 'writes must be a non-negative integer');
    return { pc: 'start', attemptsLeft: initialCount(context.options.attempts), writesLeft: 0, token: null, version: null };
  },
  step(state, input, context) {
    checks.assert(state.attemptsLeft >= unbounded, 'attempts left went below unbounded');
    checks.assert(state.writesLeft >= 0 && state.writesLeft <= context.writes, 'writes left out of range');
    if (context.role === 'upgrader') return stepUpgrader(state, input, context);
    checks.assert(context.role === 'syncer', `unknown role ${context.role}`);
    checks.assert(state.token === null && state.version === null, 'a syncer holds no token');
    return stepPostThenCheckSyncer(state, input, context, {
      protocolName: name,
      checks,
      retryDelayTicks: context.options.retryDelay,
      blocker: (files, clockTicks) => syncerBlocker(files, clockTicks, context.options),
    });
  },
  declares: {
    // States hold a program counter, a token and a version: counters, never times.
    timeShiftInvariant: true,
    // Ages are compared with the ttl (isLeaseActive) and the refresh interval (isRefreshDue) only.
    ageHorizonTicks: (options) => Math.max(options.ttl ?? 0, options.refreshInterval),
    // The EXCLUSIVE file's body (owner, token), version (compare-and-swap) and stamp (lease); of the
    // other lock files only names and owners.
    fileFields: (name, options) => (name === exclusiveFileName ? ['body', 'version', options.timestamp === 'server' ? 'mtimeTicks' : 'clientStampTicks'] : []),
  },
  describe(state) {
    const writes = state.pc === 'holding' || state.pc === 'wrote' || state.pc === 'lease-check' || state.pc === 'refreshing' ? `, ${state.writesLeft} writes left` : '';
    const token = state.token === null ? '' : `, token ${state.token}`;
    return `${describePc[state.pc]} (${describeAttempts(state.attemptsLeft)}${writes}${token})`;
  },
};
