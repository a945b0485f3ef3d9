// pending-lock, one step at a time: hand-made replies fed to `pendingLock.step`
// for every pc of both roles, under every option that changes a step.

import { fc, test } from '@fast-check/vitest';
import { deepFreeze, stepTwice } from './replies.ts';
import { reachableStep } from './reachable.ts';
import { describe, expect } from 'vitest';
import { lockName, type LockKind } from '../../../model/lockFiles.ts';
import type { ClientContext, Effect, ListedFile, Reply, StepOutput } from '../../../model/protocol.ts';
import { pendingLock, pendingLockOptions, type PendingLockOptions, type PendingLockState } from '../../../model/protocols/pendingLock.ts';

type Pc = PendingLockState['pc'];

function context(role: 'upgrader' | 'syncer', options: Partial<PendingLockOptions> = {}, id = 'A', writes = 1): ClientContext<PendingLockOptions> {
  return { id, role, writes, options: pendingLockOptions.parse(options) };
}

function at(pc: Pc, attemptsLeft = 1, writesLeft = 0): PendingLockState {
  return { pc, attemptsLeft, writesLeft };
}

/** A lock file as a list shows it; `stamp` is the client stamp, `mtime` the store's. */
function lock(kind: LockKind, owner: string, mtimeTicks = 0, clientStampTicks = mtimeTicks): ListedFile {
  return { name: lockName(kind, owner), owner, body: kind, mtimeTicks, clientStampTicks, version: 1 };
}

function listed(...files: ListedFile[]): Reply {
  return { kind: 'listed', files };
}

const ok: Reply = { kind: 'ok' };
const list: Effect = { kind: 'list', prefix: 'locks/' };
const gaveUp: Effect = { kind: 'done', outcome: 'gave-up' };
const finished: Effect = { kind: 'done', outcome: 'finished' };

function step(state: PendingLockState, reply: Reply | null, ctx: ClientContext<PendingLockOptions>, clockTicks = 0): StepOutput<PendingLockState> {
  return pendingLock.step(state, { reply, clockTicks }, ctx);
}

/** The state and effect of a step, without its note. */
function move(state: PendingLockState, reply: Reply | null, ctx: ClientContext<PendingLockOptions>): { state: PendingLockState; effect: Effect } {
  const output = step(state, reply, ctx);
  return { state: output.state, effect: output.effect };
}

describe('pending-lock options', () => {
  test('defaults', () => {
    expect(pendingLockOptions.parse({})).toStrictEqual({
      timestamp: 'client',
      tieBreak: 'client-id',
      winnerPending: 'keep',
      syncerOrder: 'check-then-post',
      pendingCheck: 'new-list',
      clientStampUnit: 1,
      pollInterval: 2,
      attempts: 1,
      rounds: 1,
      retryDelay: 4,
    });
  });

  test('rejects out-of-range and unknown options', () => {
    for (const bad of [{ pollInterval: 0 }, { attempts: 0 }, { retryDelay: -1 }, { timestamp: 'atomic' }, { tieBreak: 'random' }, { pollIntervall: 2 }]) {
      expect(pendingLockOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('pending-lock init', () => {
  test('starts at start with every attempt left and no writes pending', () => {
    expect(pendingLock.init(context('upgrader', { attempts: 3 }))).toStrictEqual(at('start', 3, 0));
    expect(pendingLock.init(context('syncer'))).toStrictEqual(at('start', 1, 0));
  });

  test('rejects negative writes', () => {
    expect(() => pendingLock.init(context('upgrader', {}, 'A', -1))).toThrow('pending-lock: writes must be non-negative');
  });

  test('declares its roles and sections', () => {
    expect(pendingLock.roles).toStrictEqual(['upgrader', 'syncer']);
    expect(pendingLock.sections).toStrictEqual(['exclusive', 'sync']);
  });
});

describe('pending-lock upgrader, step by step', () => {
  const upgrader = context('upgrader');

  test('start: lists the locks, whatever its clock', () => {
    expect(move(at('start'), null, upgrader)).toStrictEqual({ state: at('checked'), effect: list });
    expect(step(at('start'), null, upgrader, 1234).effect).toStrictEqual(list);
  });

  describe('checked: the first list', () => {
    test('with no lock listed, posts PENDING', () => {
      expect(move(at('checked'), listed(), upgrader)).toStrictEqual({
        state: at('posted-pending'),
        effect: { kind: 'put', name: 'locks/PENDING-A', body: 'PENDING' },
      });
    });

    test('SYNCING locks and its own locks do not block it', () => {
      const files = listed(lock('SYNCING', 'S'), lock('PENDING', 'A'), lock('EXCLUSIVE', 'A'));
      expect(move(at('checked'), files, upgrader).state.pc).toBe('posted-pending');
    });

    test('files that are not per-client locks are ignored', () => {
      const stray: ListedFile = { name: 'locks/README', owner: 'B', body: 'x', mtimeTicks: 0, clientStampTicks: 0, version: 1 };
      expect(move(at('checked'), listed(stray), upgrader).state.pc).toBe('posted-pending');
    });

    test.each(['PENDING', 'EXCLUSIVE'] as const)("another client's %s lock makes it give up, on its last attempt for good", (kind) => {
      const output = step(at('checked'), listed(lock(kind, 'B')), upgrader);
      expect(output.state).toStrictEqual(at('released', 0));
      expect(output.effect).toStrictEqual(gaveUp);
      expect(output.note).toBe(`saw locks/${kind}-B`);
    });

    test('with attempts left, it waits retryDelay and starts again', () => {
      const ctx = context('upgrader', { attempts: 3, retryDelay: 7 });
      const output = step(at('checked', 3), listed(lock('PENDING', 'B')), ctx);
      expect(output.state).toStrictEqual(at('start', 2));
      expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 7 });
      expect(output.note).toBe('saw locks/PENDING-B; retries in 7 ticks');
    });

    test('with retryDelay 0, it retries at once: lists again, with no zero-tick wait', () => {
      // Regression: it used to return { kind: 'wait', ticks: 0 }, which the
      // simulator rejects (waits are >= 1 tick), so any scenario with
      // retryDelay: 0 and a second attempt crashed with a ProtocolFault.
      const ctx = context('upgrader', { attempts: 2, retryDelay: 0 });
      const output = step(at('checked', 2), listed(lock('PENDING', 'B')), ctx);
      expect(output.state).toStrictEqual(at('checked', 1));
      expect(output.effect).toStrictEqual(list);
      expect(output.note).toBe('saw locks/PENDING-B; retries at once');
    });

    test('anything but a list reply is a protocol error', () => {
      expect(() => step(at('checked'), ok, upgrader)).toThrow('pending-lock: expected a list reply, got ok');
      expect(() => step(at('checked'), null, upgrader)).toThrow('pending-lock: expected a list reply, got none');
    });
  });

  test('posted-pending: once PENDING is posted, polls for SYNCING locks', () => {
    expect(move(at('posted-pending'), ok, upgrader)).toStrictEqual({ state: at('polled'), effect: list });
  });

  test('poll: after the wait, polls again', () => {
    expect(move(at('poll'), null, upgrader)).toStrictEqual({ state: at('polled'), effect: list });
  });

  describe('polled: waiting for SYNCING locks to go', () => {
    test('a SYNCING lock listed: waits pollInterval ticks', () => {
      const output = step(at('polled'), listed(lock('PENDING', 'A'), lock('SYNCING', 'S')), context('upgrader', { pollInterval: 5 }));
      expect(output.state).toStrictEqual(at('poll'));
      expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 5 });
      expect(output.note).toBe('waits for locks/SYNCING-S');
    });

    test('no SYNCING lock listed: lists again to compare PENDING locks', () => {
      const output = step(at('polled'), listed(lock('PENDING', 'A'), lock('PENDING', 'B'), lock('EXCLUSIVE', 'B')), upgrader);
      expect(output.state).toStrictEqual(at('listed-pending'));
      expect(output.effect).toStrictEqual(list);
      expect(output.note).toBe('no SYNCING lock listed');
    });
  });

  describe('listed-pending: comparing PENDING locks', () => {
    const win = { state: at('posted-exclusive'), effect: { kind: 'put', name: 'locks/EXCLUSIVE-A', body: 'EXCLUSIVE' } };
    const lose = { state: at('abandoning'), effect: { kind: 'delete', name: 'locks/PENDING-A' } };

    test('alone: posts EXCLUSIVE', () => {
      const output = step(at('listed-pending'), listed(lock('PENDING', 'A', 3)), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual(win);
      expect(output.note).toBe('its PENDING lock is the oldest');
    });

    test('an older PENDING lock: deletes its own', () => {
      const output = step(at('listed-pending'), listed(lock('PENDING', 'A', 5), lock('PENDING', 'B', 4)), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual(lose);
      expect(output.note).toBe('locks/PENDING-B is older');
    });

    test('only newer PENDING locks: posts EXCLUSIVE', () => {
      expect(move(at('listed-pending'), listed(lock('PENDING', 'A', 5), lock('PENDING', 'B', 6), lock('PENDING', 'C', 9)), upgrader)).toStrictEqual(win);
    });

    test('one older among newer ones is enough to lose', () => {
      expect(move(at('listed-pending'), listed(lock('PENDING', 'A', 5), lock('PENDING', 'B', 6), lock('PENDING', 'C', 1)), upgrader)).toStrictEqual(lose);
    });

    test("another's EXCLUSIVE lock is not compared (the question's protocol only compares PENDING locks)", () => {
      expect(move(at('listed-pending'), listed(lock('EXCLUSIVE', 'B', 0), lock('PENDING', 'A', 5)), upgrader)).toStrictEqual(win);
    });

    describe('timestamp option', () => {
      // B's lock: written earlier by the store's clock, later by B's own clock.
      const files = listed(lock('PENDING', 'A', 5, 5), lock('PENDING', 'B', 3, 8));
      test('server: orders by the store mtime', () => {
        expect(move(at('listed-pending'), files, context('upgrader', { timestamp: 'server' }))).toStrictEqual(lose);
      });
      test('client: orders by the poster clock stamp', () => {
        expect(move(at('listed-pending'), files, context('upgrader', { timestamp: 'client' }))).toStrictEqual(win);
      });
      test('and the other way round', () => {
        const reversed = listed(lock('PENDING', 'A', 5, 5), lock('PENDING', 'B', 8, 3));
        expect(move(at('listed-pending'), reversed, context('upgrader', { timestamp: 'server' }))).toStrictEqual(win);
        expect(move(at('listed-pending'), reversed, context('upgrader', { timestamp: 'client' }))).toStrictEqual(lose);
      });
    });

    describe('tieBreak option, on equal timestamps', () => {
      const tie = listed(lock('PENDING', 'A', 4), lock('PENDING', 'B', 4));
      test('client-id: the smaller id is older', () => {
        expect(move(at('listed-pending'), tie, context('upgrader', { tieBreak: 'client-id' }, 'A'))).toStrictEqual(win);
        const asB = context('upgrader', { tieBreak: 'client-id' }, 'B');
        expect(move(at('listed-pending'), tie, asB)).toStrictEqual({ state: at('abandoning'), effect: { kind: 'delete', name: 'locks/PENDING-B' } });
      });
      test('strict: neither is older, so both clients win', () => {
        for (const id of ['A', 'B']) {
          expect(move(at('listed-pending'), tie, context('upgrader', { tieBreak: 'strict' }, id)).state.pc).toBe('posted-exclusive');
        }
      });
      test('loose: each is older than the other, so both clients lose', () => {
        for (const id of ['A', 'B']) {
          expect(move(at('listed-pending'), tie, context('upgrader', { tieBreak: 'loose' }, id)).state.pc).toBe('abandoning');
        }
      });
      test('tie-breaks only apply to equal timestamps', () => {
        const older = listed(lock('PENDING', 'A', 4), lock('PENDING', 'B', 5));
        for (const tieBreak of ['client-id', 'strict', 'loose'] as const) {
          expect(move(at('listed-pending'), older, context('upgrader', { tieBreak }, 'A')).state.pc).toBe('posted-exclusive');
          expect(move(at('listed-pending'), older, context('upgrader', { tieBreak }, 'B')).state.pc).toBe('abandoning');
        }
      });
    });

    test('its own PENDING lock missing from the list is a protocol error', () => {
      expect(() => step(at('listed-pending'), listed(lock('PENDING', 'B')), upgrader)).toThrow('pending-lock: a client always lists its own PENDING lock');
    });
  });

  describe('abandoning: its PENDING deleted, the attempt fails', () => {
    test('on its last attempt, gives up for good', () => {
      const output = step(at('abandoning'), ok, upgrader);
      expect(output.state).toStrictEqual(at('released', 0));
      expect(output.effect).toStrictEqual(gaveUp);
      expect(output.note).toBe('lost to an older PENDING lock');
    });
    test('with attempts left, waits retryDelay and starts over', () => {
      const output = step(at('abandoning', 2), ok, context('upgrader', { attempts: 2, retryDelay: 3 }));
      expect(output.state).toStrictEqual(at('start', 1));
      expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 3 });
    });
    test('a not-found reply to the delete changes nothing', () => {
      expect(move(at('abandoning'), { kind: 'not-found' }, upgrader)).toStrictEqual(move(at('abandoning'), ok, upgrader));
    });
  });

  describe('posted-exclusive: EXCLUSIVE is posted', () => {
    test('winnerPending keep: enters the exclusive section with its writes to make', () => {
      const ctx = context('upgrader', { winnerPending: 'keep' }, 'A', 2);
      expect(move(at('posted-exclusive'), ok, ctx)).toStrictEqual({ state: at('holding', 1, 2), effect: { kind: 'enter', section: 'exclusive' } });
    });
    test('winnerPending delete: enters too, as its EXCLUSIVE lock is posted', () => {
      const ctx = context('upgrader', { winnerPending: 'delete' }, 'A', 2);
      expect(move(at('posted-exclusive'), ok, ctx)).toStrictEqual({ state: at('dropping-pending', 1, 2), effect: { kind: 'enter', section: 'exclusive' } });
    });
  });

  test('dropping-pending: inside, it first deletes its PENDING lock, then makes its writes', () => {
    const ctx = context('upgrader', { winnerPending: 'delete' }, 'A', 3);
    expect(move(at('dropping-pending', 1, 3), null, ctx)).toMatchObject({ state: at('dropped-pending', 1, 3), effect: { kind: 'delete', name: 'locks/PENDING-A' } });
    expect(move(at('dropped-pending', 1, 3), ok, ctx)).toStrictEqual({ state: at('holding', 1, 2), effect: { kind: 'write' } });
  });

  describe('holding: in the exclusive section', () => {
    test('makes its data writes one per step', () => {
      expect(move(at('holding', 1, 2), null, upgrader)).toStrictEqual({ state: at('holding', 1, 1), effect: { kind: 'write' } });
      expect(move(at('holding', 1, 1), ok, upgrader)).toStrictEqual({ state: at('holding', 1, 0), effect: { kind: 'write' } });
    });
    test('then leaves the section', () => {
      expect(move(at('holding', 1, 0), ok, upgrader)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'exclusive' } });
    });
    test('with no writes to make, leaves at once', () => {
      const ctx = context('upgrader', {}, 'A', 0);
      const entered = move(at('posted-exclusive'), ok, ctx);
      expect(entered.state).toStrictEqual(at('holding', 1, 0));
      expect(move(entered.state, null, ctx).effect).toStrictEqual({ kind: 'exit', section: 'exclusive' });
    });
  });

  test('releasing: deletes its EXCLUSIVE lock', () => {
    expect(move(at('releasing'), null, upgrader)).toStrictEqual({ state: at('released-main'), effect: { kind: 'delete', name: 'locks/EXCLUSIVE-A' } });
  });

  describe('released-main: EXCLUSIVE deleted', () => {
    test('winnerPending keep: deletes its PENDING lock too', () => {
      expect(move(at('released-main'), ok, context('upgrader', { winnerPending: 'keep' }))).toStrictEqual({
        state: at('released'),
        effect: { kind: 'delete', name: 'locks/PENDING-A' },
      });
    });
    test('winnerPending delete: nothing left to delete, done', () => {
      expect(move(at('released-main'), ok, context('upgrader', { winnerPending: 'delete' }))).toStrictEqual({ state: at('released'), effect: finished });
    });
  });

  test('released: done, finished', () => {
    expect(move(at('released'), ok, upgrader)).toStrictEqual({ state: at('released'), effect: finished });
  });

  test.each(['posted-syncing', 'post-then-checked', 'checked-posted'] as const)('has no step from the syncer pc %s', (pc) => {
    expect(() => step(at(pc), ok, upgrader)).toThrow(`pending-lock: upgrader has no step from ${pc}`);
  });

  test('a whole winning run, reply by reply, with a syncer to wait for', () => {
    const ctx = context('upgrader', { pollInterval: 3, winnerPending: 'delete' }, 'A', 1);
    const mine = lock('PENDING', 'A', 2);
    const replies: [Reply | null, Effect][] = [
      [null, list],
      [listed(lock('SYNCING', 'S')), { kind: 'put', name: 'locks/PENDING-A', body: 'PENDING' }],
      [ok, list],
      [listed(mine, lock('SYNCING', 'S')), { kind: 'wait', ticks: 3 }],
      [null, list],
      [listed(mine), list],
      [listed(mine), { kind: 'put', name: 'locks/EXCLUSIVE-A', body: 'EXCLUSIVE' }],
      [ok, { kind: 'enter', section: 'exclusive' }],
      [null, { kind: 'delete', name: 'locks/PENDING-A' }],
      [ok, { kind: 'write' }],
      [ok, { kind: 'exit', section: 'exclusive' }],
      [null, { kind: 'delete', name: 'locks/EXCLUSIVE-A' }],
      [ok, finished],
    ];
    let state = pendingLock.init(ctx);
    for (const [reply, effect] of replies) {
      const output = step(state, reply, ctx);
      expect(output.effect).toStrictEqual(effect);
      state = output.state;
    }
    expect(state).toStrictEqual(at('released', 1, 0));
  });
});

describe('pending-lock syncer, step by step', () => {
  const syncer = context('syncer', {}, 'S', 1);
  const putSyncing: Effect = { kind: 'put', name: 'locks/SYNCING-S', body: 'SYNCING' };

  describe('start', () => {
    test('check-then-post: lists first', () => {
      expect(move(at('start'), null, context('syncer', { syncerOrder: 'check-then-post' }, 'S'))).toStrictEqual({ state: at('checked'), effect: list });
    });
    test('post-then-check: posts SYNCING first', () => {
      expect(move(at('start'), null, context('syncer', { syncerOrder: 'post-then-check' }, 'S'))).toStrictEqual({ state: at('posted-syncing'), effect: putSyncing });
    });
  });

  describe('checked (check-then-post)', () => {
    test('with no PENDING or EXCLUSIVE lock, posts SYNCING', () => {
      expect(move(at('checked'), listed(lock('SYNCING', 'T'), lock('SYNCING', 'S')), syncer)).toStrictEqual({ state: at('checked-posted'), effect: putSyncing });
    });
    test.each(['PENDING', 'EXCLUSIVE'] as const)('a %s lock makes it give up', (kind) => {
      const output = step(at('checked'), listed(lock(kind, 'A')), syncer);
      expect(output.state).toStrictEqual(at('released', 0));
      expect(output.effect).toStrictEqual(gaveUp);
      expect(output.note).toBe(`saw locks/${kind}-A`);
    });
    test('with attempts left, retries after retryDelay', () => {
      const output = step(at('checked', 2), listed(lock('PENDING', 'A')), context('syncer', { attempts: 2, retryDelay: 6 }, 'S'));
      expect(output.state).toStrictEqual(at('start', 1));
      expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 6 });
    });
  });

  test('checked-posted: enters sync with its writes to make', () => {
    expect(move(at('checked-posted'), ok, context('syncer', {}, 'S', 2))).toStrictEqual({ state: at('holding', 1, 2), effect: { kind: 'enter', section: 'sync' } });
  });

  test('posted-syncing (post-then-check): lists after posting', () => {
    expect(move(at('posted-syncing'), ok, syncer)).toStrictEqual({ state: at('post-then-checked'), effect: list });
  });

  describe('post-then-checked', () => {
    test('with no PENDING or EXCLUSIVE lock of others, enters sync', () => {
      const ctx = context('syncer', { syncerOrder: 'post-then-check' }, 'S', 3);
      expect(move(at('post-then-checked'), listed(lock('SYNCING', 'S')), ctx)).toStrictEqual({ state: at('holding', 1, 3), effect: { kind: 'enter', section: 'sync' } });
    });
    test('a PENDING lock: deletes its SYNCING lock to give up', () => {
      const output = step(at('post-then-checked'), listed(lock('PENDING', 'A'), lock('SYNCING', 'S')), syncer);
      expect(output.state).toStrictEqual(at('abandoning'));
      expect(output.effect).toStrictEqual({ kind: 'delete', name: 'locks/SYNCING-S' });
      expect(output.note).toBe('saw locks/PENDING-A');
    });
  });

  describe('abandoning', () => {
    test('on its last attempt, gives up for good', () => {
      const output = step(at('abandoning'), ok, syncer);
      expect(output.state).toStrictEqual(at('released', 0));
      expect(output.effect).toStrictEqual(gaveUp);
      expect(output.note).toBe('a PENDING or EXCLUSIVE lock appeared');
    });
    test('with attempts left, waits, then starts over by posting again', () => {
      const ctx = context('syncer', { syncerOrder: 'post-then-check', attempts: 2, retryDelay: 1 }, 'S');
      const retry = move(at('abandoning', 2), ok, ctx);
      expect(retry).toStrictEqual({ state: at('start', 1), effect: { kind: 'wait', ticks: 1 } });
      expect(move(retry.state, null, ctx).effect).toStrictEqual(putSyncing);
    });
    test('with retryDelay 0, retries at once with the first step of its order', () => {
      const postFirst = context('syncer', { syncerOrder: 'post-then-check', attempts: 2, retryDelay: 0 }, 'S');
      expect(move(at('abandoning', 2), ok, postFirst)).toStrictEqual({ state: at('posted-syncing', 1), effect: putSyncing });
      const checkFirst = context('syncer', { syncerOrder: 'check-then-post', attempts: 2, retryDelay: 0 }, 'S');
      expect(move(at('checked', 2), listed(lock('PENDING', 'A')), checkFirst)).toStrictEqual({ state: at('checked', 1), effect: list });
    });
  });

  test('holding: writes, then leaves sync', () => {
    expect(move(at('holding', 1, 1), null, syncer)).toStrictEqual({ state: at('holding', 1, 0), effect: { kind: 'write' } });
    expect(move(at('holding', 1, 0), ok, syncer)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'sync' } });
  });

  test('releasing: deletes its SYNCING lock', () => {
    expect(move(at('releasing'), null, syncer)).toStrictEqual({ state: at('released'), effect: { kind: 'delete', name: 'locks/SYNCING-S' } });
  });

  test('released: done, finished', () => {
    expect(move(at('released'), ok, syncer)).toStrictEqual({ state: at('released'), effect: finished });
  });

  test.each(['posted-pending', 'poll', 'polled', 'listed-pending', 'posted-exclusive', 'dropped-pending', 'released-main'] as const)(
    'has no step from the upgrader pc %s',
    (pc) => {
      expect(() => step(at(pc), ok, syncer)).toThrow(`pending-lock: syncer has no step from ${pc}`);
    },
  );
});

describe('pending-lock step guards and describe', () => {
  test('an unknown role is a protocol error', () => {
    expect(() => pendingLock.step(at('start'), { reply: null, clockTicks: 0 }, { ...context('upgrader'), role: 'writer' })).toThrow('pending-lock: unknown role writer');
  });

  test('attempts left below unbounded (-1) is a protocol error', () => {
    expect(() => step(at('start', -2), null, context('upgrader'))).toThrow('pending-lock: attempts left went below unbounded');
  });

  test('unbounded attempts retry forever without counting down', () => {
    const unboundedContext = context('upgrader', { attempts: 'unbounded' });
    expect(pendingLock.init(unboundedContext).attemptsLeft).toBe(-1);
    const output = step(at('abandoning', -1), { kind: 'ok' }, unboundedContext);
    expect(output.state).toMatchObject({ pc: 'start', attemptsLeft: -1 });
    expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 4 });
  });

  test('rounds: a syncer with rounds left starts again after finishing, with full attempts', () => {
    const continuous = context('syncer', { rounds: 'unbounded', attempts: 2 });
    const first = pendingLock.init(continuous);
    expect(first.roundsLeft).toBe(-1);
    const output = step({ ...first, pc: 'released', attemptsLeft: 1 }, { kind: 'ok' }, continuous);
    expect(output.state).toMatchObject({ pc: 'start', attemptsLeft: 2, roundsLeft: -1 });
    expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 4 });
    const twice = context('syncer', { rounds: 2 });
    const last = step({ ...pendingLock.init(twice), pc: 'released', roundsLeft: 0 }, { kind: 'ok' }, twice);
    expect(last.effect).toStrictEqual({ kind: 'done', outcome: 'finished' });
  });

  test('describe names the pc, the attempts left, and writes left while holding', () => {
    expect(pendingLock.describe(at('start', 2))).toBe('about to list (2 attempts left)');
    expect(pendingLock.describe(at('holding', 1, 3))).toBe('in critical section (1 attempts left, 3 writes left)');
    expect(pendingLock.describe(at('released', 0))).toBe('finished (0 attempts left)');
  });
});

// The laws every step keeps, checked on steps a client can really take: it
// runs from init against a model of the store (reachable.ts), so every run
// checks the law. Separately, random states and replies, most of them ones no
// client is ever handed, may only be met with the protocol's own error.
const owners = ['A', 'B', 'S'] as const;
const options = fc.record({
  timestamp: fc.constantFrom('client', 'server'),
  tieBreak: fc.constantFrom('client-id', 'strict', 'loose'),
  winnerPending: fc.constantFrom('keep', 'delete'),
  syncerOrder: fc.constantFrom('check-then-post', 'post-then-check'),
  pollInterval: fc.integer({ min: 1, max: 4 }),
  attempts: fc.integer({ min: 1, max: 3 }),
  retryDelay: fc.integer({ min: 0, max: 4 }),
});
const contexts = fc.record({
  id: fc.constantFrom(...owners),
  role: fc.constantFrom<'upgrader' | 'syncer'>('upgrader', 'syncer'),
  writes: fc.nat(3),
  options: options.map((value) => pendingLockOptions.parse(value)),
});
const reachable = reachableStep(pendingLock, contexts, { owners, kinds: ['SYNCING', 'PENDING', 'EXCLUSIVE'] });

const pcs: Pc[] = [
  'start', 'checked', 'posted-pending', 'polled', 'poll', 'listed-pending', 'abandoning', 'posted-exclusive', 'dropped-pending',
  'posted-syncing', 'post-then-checked', 'checked-posted', 'holding', 'releasing', 'released-main', 'released',
];
const listedFile = fc
  .record({ kind: fc.constantFrom<LockKind>('SYNCING', 'PENDING', 'EXCLUSIVE'), owner: fc.constantFrom(...owners), mtime: fc.nat(6), stamp: fc.integer({ min: -3, max: 9 }) })
  .map(({ kind, owner, mtime, stamp }) => lock(kind, owner, mtime, stamp));
const anyInput = fc.record({
  context: contexts,
  pc: fc.constantFrom(...pcs),
  attemptsLeft: fc.integer({ min: 1, max: 3 }),
  writesLeft: fc.nat(3),
  reply: fc.oneof(
    fc.constant(null),
    fc.constantFrom<Reply>({ kind: 'ok' }, { kind: 'not-found' }, { kind: 'exists' }),
    fc.uniqueArray(listedFile, { maxLength: 5, selector: (file) => file.name }).map((files): Reply => ({ kind: 'listed', files })),
  ),
  clockTicks: fc.integer({ min: -5, max: 50 }),
});

const numRuns = 100;
let lawRuns = 0;

describe('pending-lock laws', () => {
  test.prop([reachable], { numRuns })('step is a pure function: same input, same output, input untouched; attempts and writes stay in range; only its own files', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze(sample.state);
    const stepInput = deepFreeze(sample.input);
    const first = stepTwice(() => pendingLock.step(state, stepInput, ctx));
    // A step a client can be asked to take is never a protocol error.
    if (!('output' in first)) expect.fail(`a reachable step threw: ${first.error}`);
    const { output } = first;
    // Attempts only go down, by at most one; writes never exceed the client's.
    expect(output.state.attemptsLeft).toBeLessThanOrEqual(state.attemptsLeft);
    expect(output.state.attemptsLeft).toBeGreaterThanOrEqual(state.attemptsLeft - 1);
    expect(output.state.writesLeft).toBeLessThanOrEqual(ctx.writes);
    expect(output.state.writesLeft).toBeGreaterThanOrEqual(0);
    // Waits are whole ticks >= 1 (the simulator's rule); a client only names its own lock files.
    const effect = output.effect;
    if (effect.kind === 'wait') expect(effect.ticks).toBeGreaterThanOrEqual(1);
    if (effect.kind === 'put' || effect.kind === 'delete') expect(effect.name).toMatch(new RegExp(`^locks/(SYNCING|PENDING|EXCLUSIVE)-${ctx.id}$`));
    if (effect.kind === 'enter' || effect.kind === 'exit') expect(effect.section).toBe(ctx.role === 'upgrader' ? 'exclusive' : 'sync');
    if (effect.kind === 'done') expect(output.state.pc).toBe('released');
    lawRuns += 1;
  });

  test(`the law above checked every one of its ${numRuns} runs: no drawn input was skipped`, () => {
    expect(lawRuns).toBe(numRuns);
  });

  test.prop([anyInput], { numRuns: 50 })('on any state and reply, step is deterministic and fails only with a pending-lock error', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze({ pc: sample.pc, attemptsLeft: Math.min(sample.attemptsLeft, ctx.options.attempts as number), writesLeft: Math.min(sample.writesLeft, ctx.writes) });
    const first = stepTwice(() => pendingLock.step(state, deepFreeze({ reply: sample.reply, clockTicks: sample.clockTicks }), ctx));
    expect('error' in first ? first.error : 'returned').toMatch(/^(returned$|pending-lock: )/);
  });
});
