// create-exclusive (GitHub issue 5): pending-lock's PENDING phase, then the
// store's atomic create-if-absent decides the winner.
//
// Upgrader: list; give up if another client's PENDING lock or the EXCLUSIVE
// file is listed; post PENDING (so that no new syncer starts) and poll until
// no SYNCING lock is listed; then create the one well-known file
// `locks/EXCLUSIVE` with body `{ owner }` if absent. `exists`: delete its
// PENDING lock and give up. `ok`: hold EXCLUSIVE; it keeps its PENDING lock
// while holding (as pending-lock's default does) and deletes the EXCLUSIVE
// file, then its PENDING lock, once it leaves.
// Syncer: post SYNCING, then list; a PENDING lock or the EXCLUSIVE file
// listed makes it delete SYNCING and give up (post-then-check).
//
// No timestamps and no leases: nothing here compares times, so a crashed
// holder blocks everyone for good. `requires.createIfAbsent` lets the
// scenario loader reject a store without create-if-absent as bad input.

import { z } from 'zod';
import { exclusiveBody, exclusiveFileName, exclusiveFileOf } from '../exclusiveFile.ts';
import { listLocks, lockName, locksOf } from '../lockFiles.ts';
import type { ClientContext, Effect, ListedFile, Protocol, StepInput, StepOutput } from '../protocol.ts';
import { stepPostThenCheckSyncer, type SyncerPc } from './postThenCheckSyncer.ts';
import { retryOrStop, attemptsOption, describeAttempts, initialCount, unbounded } from './retry.ts';
import { moveTo } from './moveTo.ts';
import { stepChecks, type StepChecks } from './stepChecks.ts';

export const createExclusiveOptions = z
  .object({
    /** Ticks between an upgrader's polls for SYNCING locks. */
    pollInterval: z.number().int().min(1).default(2),
    /** How many times a client tries before it gives up for good. */
    attempts: attemptsOption,
    /** Ticks between attempts. */
    retryDelay: z.number().int().min(0).default(4),
  })
  .strict();

export type CreateExclusiveOptions = z.infer<typeof createExclusiveOptions>;

type Pc = SyncerPc | 'checked' | 'posted-pending' | 'poll' | 'polled' | 'creating' | 'released-main';

export type CreateExclusiveState = {
  pc: Pc;
  /** Attempts left, counting the current one. */
  attemptsLeft: number;
  /** Data writes left in the current critical section. */
  writesLeft: number;
};

type Context = ClientContext<CreateExclusiveOptions>;
type Output = StepOutput<CreateExclusiveState>;

const name = 'create-exclusive';
const checks: StepChecks = stepChecks(name);

const go = (state: CreateExclusiveState, pc: Pc, effect: Effect, note?: string): Output => moveTo(state, pc, effect, note);

function firstStep(state: CreateExclusiveState): Output {
  return go(state, 'checked', listLocks);
}

function giveUp(state: CreateExclusiveState, context: Context, why: string): Output {
  return retryOrStop(name, state, context.options.retryDelay, firstStep, why);
}

/** The first lock that keeps a new upgrader out: another's PENDING lock, or the EXCLUSIVE file. */
function upgraderBlocker(files: readonly ListedFile[], self: string): ListedFile | undefined {
  return locksOf(files, 'PENDING').find((file) => file.owner !== self) ?? exclusiveFileOf(files);
}

function stepUpgrader(state: CreateExclusiveState, input: StepInput, context: Context): Output {
  const { id, options } = context;
  const pendingLock = lockName('PENDING', id);
  switch (state.pc) {
    case 'start':
      return firstStep(state);
    case 'checked': {
      const blocker = upgraderBlocker(checks.listed(input.reply), id);
      if (blocker !== undefined) return giveUp(state, context, `saw ${blocker.name}`);
      return go(state, 'posted-pending', { kind: 'put', name: pendingLock, body: 'PENDING' });
    }
    case 'posted-pending':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'polled', listLocks);
    case 'poll':
      return go(state, 'polled', listLocks);
    case 'polled': {
      const syncing = locksOf(checks.listed(input.reply), 'SYNCING')[0];
      if (syncing !== undefined) return go(state, 'poll', { kind: 'wait', ticks: options.pollInterval }, `waits for ${syncing.name}`);
      return go(state, 'creating', { kind: 'create', name: exclusiveFileName, body: exclusiveBody(id, null) }, 'no SYNCING lock listed');
    }
    case 'creating':
      if (checks.replyKind(input.reply, 'ok', 'exists') === 'exists') {
        return go(state, 'abandoning', { kind: 'delete', name: pendingLock }, `${exclusiveFileName} exists`);
      }
      return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: 'exclusive' }, `created ${exclusiveFileName}`);
    case 'abandoning':
      checks.replyKind(input.reply, 'ok');
      return giveUp(state, context, 'another client holds EXCLUSIVE');
    case 'holding':
      if (state.writesLeft > 0) return { state: { ...state, writesLeft: state.writesLeft - 1 }, effect: { kind: 'write' } };
      return go(state, 'releasing', { kind: 'exit', section: 'exclusive' });
    case 'releasing':
      return go(state, 'released-main', { kind: 'delete', name: exclusiveFileName });
    case 'released-main':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'released', { kind: 'delete', name: pendingLock });
    case 'released':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'released', { kind: 'done', outcome: 'finished' });
    default:
      throw new Error(`${name}: upgrader has no step from ${state.pc}`);
  }
}

/** A syncer backs off from any PENDING lock and from the EXCLUSIVE file. */
function syncerBlocker(files: readonly ListedFile[]): ListedFile | undefined {
  return locksOf(files, 'PENDING')[0] ?? exclusiveFileOf(files);
}

const describePc: Record<Pc, string> = {
  start: 'about to start',
  checked: 'checking the locks',
  'posted-pending': 'posting PENDING',
  poll: 'waiting to poll',
  polled: 'polling for SYNCING',
  creating: `creating ${exclusiveFileName}`,
  abandoning: 'deleting its lock to give up',
  'posted-syncing': 'posting SYNCING',
  holding: 'in critical section',
  releasing: 'releasing',
  'released-main': 'deleting its PENDING lock',
  released: 'finished',
};

export const createExclusive: Protocol<CreateExclusiveOptions, CreateExclusiveState> = {
  name,
  summary: 'PENDING, wait for SYNCING to clear, then atomic create-if-absent of locks/EXCLUSIVE',
  roles: ['upgrader', 'syncer'],
  sections: ['exclusive', 'sync'],
  roleSections: { upgrader: 'exclusive', syncer: 'sync' },
  options: createExclusiveOptions,
  requires: { createIfAbsent: true },
  init(context) {
    checks.assert(Number.isInteger(context.writes) && context.writes >= 0, 'writes must be a non-negative integer');
    return { pc: 'start', attemptsLeft: initialCount(context.options.attempts), writesLeft: 0 };
  },
  step(state, input, context) {
    checks.assert(state.attemptsLeft >= unbounded, 'attempts left went below unbounded');
    checks.assert(state.writesLeft >= 0 && state.writesLeft <= context.writes, 'writes left out of range');
    if (context.role === 'upgrader') return stepUpgrader(state, input, context);
    checks.assert(context.role === 'syncer', `unknown role ${context.role}`);
    return stepPostThenCheckSyncer(state, input, context, {
      protocolName: name,
      checks,
      retryDelayTicks: context.options.retryDelay,
      blocker: (files) => syncerBlocker(files),
    });
  },
  declares: {
    // States hold a program counter and counts, never a time.
    timeShiftInvariant: true,
    // Nothing here compares times at all.
    ageHorizonTicks: () => 0,
    // Only which lock files are listed matters: names and owners.
    fileFields: () => [],
  },
  describe(state) {
    const writes = state.pc === 'holding' ? `, ${state.writesLeft} writes left` : '';
    return `${describePc[state.pc]} (${describeAttempts(state.attemptsLeft)}${writes})`;
  },
};
