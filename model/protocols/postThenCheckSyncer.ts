// The syncer of create-exclusive and lease-fencing: post SYNCING, then list;
// if a blocking lock is listed, delete SYNCING and give up (or retry);
// otherwise sync. The two protocols differ only in which locks block, so
// each hands in its own test.

import { listLocks, lockName } from '../lockFiles.ts';
import type { ClientContext, Effect, ListedFile, StepInput, StepOutput } from '../protocol.ts';
import { retryOrStop } from './retry.ts';
import type { StepChecks } from './stepChecks.ts';

/** The pcs this syncer uses; a protocol's pc type includes them. */
export type SyncerPc = 'start' | 'posted-syncing' | 'checked' | 'abandoning' | 'holding' | 'releasing' | 'released';

type SyncerState = { pc: string; attemptsLeft: number; writesLeft: number };

export type SyncerRules = {
  protocolName: string;
  checks: StepChecks;
  retryDelayTicks: number;
  /** The first lock that keeps this syncer out, or undefined. */
  blocker(files: readonly ListedFile[], clockTicks: number): ListedFile | undefined;
};

function go<State extends SyncerState>(state: State, pc: SyncerPc, effect: Effect, note?: string): StepOutput<State> {
  const next: State = { ...state, pc };
  return note === undefined ? { state: next, effect } : { state: next, effect, note };
}

/** One syncer step; throws on a pc that is not a syncer's. */
export function stepPostThenCheckSyncer<State extends SyncerState>(state: State, input: StepInput, context: ClientContext<unknown>, rules: SyncerRules): StepOutput<State> {
  const { checks } = rules;
  const syncingLock = lockName('SYNCING', context.id);
  const postSyncing = (from: State): StepOutput<State> => go(from, 'posted-syncing', { kind: 'put', name: syncingLock, body: 'SYNCING' });
  switch (state.pc) {
    case 'start':
      return postSyncing(state);
    case 'posted-syncing':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'checked', listLocks);
    case 'checked': {
      const blocker = rules.blocker(checks.listed(input.reply), input.clockTicks);
      if (blocker !== undefined) return go(state, 'abandoning', { kind: 'delete', name: syncingLock }, `saw ${blocker.name}`);
      return go({ ...state, writesLeft: context.writes }, 'holding', { kind: 'enter', section: 'sync' }, 'no PENDING or EXCLUSIVE lock listed');
    }
    case 'abandoning':
      checks.replyKind(input.reply, 'ok');
      return retryOrStop(rules.protocolName, state, rules.retryDelayTicks, postSyncing, 'a PENDING or EXCLUSIVE lock appeared');
    case 'holding':
      if (state.writesLeft > 0) return { state: { ...state, writesLeft: state.writesLeft - 1 }, effect: { kind: 'write' } };
      return go(state, 'releasing', { kind: 'exit', section: 'sync' });
    case 'releasing':
      return go(state, 'released', { kind: 'delete', name: syncingLock });
    case 'released':
      checks.replyKind(input.reply, 'ok');
      return go(state, 'released', { kind: 'done', outcome: 'finished' });
    default:
      throw new Error(`${rules.protocolName}: syncer has no step from ${state.pc}`);
  }
}
