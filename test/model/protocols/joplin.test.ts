// joplin, one step at a time: hand-made replies fed to `joplin.step` for
// every pc of both roles, under every option that changes a step; then the
// laws every step keeps, on steps a client can really be asked to take.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { deepFreeze, stepTwice } from './replies.ts';
import { reachableStep } from './reachable.ts';
import type { ClientContext, Effect, ListedFile, Protocol, Reply, SingleReply, StepInput, StepOutput } from '../../../model/protocol.ts';
import { joplin, joplinLockName, joplinLockTypeOfName, joplinOptions, type JoplinOptions, type JoplinState, type SeenLock, type TimerRun } from '../../../model/protocols/joplin.ts';
import { builtinProtocols } from '../../../model/protocols/registry.ts';

type Pc = JoplinState['pc'];

function context(role: 'upgrader' | 'syncer', options: Partial<JoplinOptions> = {}, id = 'A', writes = 1): ClientContext<JoplinOptions> {
  return { id, role, writes, options: joplinOptions.parse(options) };
}

// A fresh client's state, as init makes it; each test sets the fields it needs.
const base: JoplinState = joplin.init(context('upgrader', {}, 'A', 0));

function at(pc: Pc, fields: Partial<JoplinState> = {}): JoplinState {
  return { ...base, pc, ...fields };
}

/** A Joplin lock file as a list shows it. */
function lock(type: 'sync' | 'exclusive', owner: string, mtimeTicks = 0): ListedFile {
  return { name: joplinLockName(type, owner), owner, body: type, mtimeTicks, clientStampTicks: mtimeTicks, version: 1 };
}

function listed(...files: ListedFile[]): SingleReply {
  return { kind: 'listed', files };
}

function both(...files: ListedFile[]): Reply {
  return { kind: 'all', replies: [{ kind: 'listed', files }, { kind: 'listed', files }] };
}

const ok: SingleReply = { kind: 'ok' };
const list: Effect = { kind: 'list', prefix: 'locks/' };
const lists: Effect = { kind: 'all', requests: [list as Extract<Effect, { kind: 'list' }>, list as Extract<Effect, { kind: 'list' }>] };
const date: Effect = { kind: 'date' };
const gaveUp: Effect = { kind: 'done', outcome: 'gave-up' };

function step(state: JoplinState, reply: Reply | null, ctx: ClientContext<JoplinOptions>, clockTicks = 0): StepOutput<JoplinState> {
  return joplin.step(state, { reply, clockTicks }, ctx);
}

const seen = (clientId: string, mtime: number): SeenLock => ({ clientId, mtime });

describe('joplin options', () => {
  test('defaults', () => {
    expect(joplinOptions.parse({})).toStrictEqual({
      lockTtl: 30,
      autoRefreshInterval: 10,
      exclusiveSleep: 1,
      timeout: 0,
      timeoutSleep: 20,
      syncRefreshAge: 100,
      concurrentLists: true,
      sharedList: false,
      firstDate: 'after-lists',
      refresh: 'timer',
      winner: 'oldest',
      reputOnWin: true,
      syncSleep: 0,
      leaseCheck: false,
      attempts: 1,
      retryDelay: 4,
    });
  });

  test('rejects out-of-range, unknown and inconsistent options', () => {
    for (const bad of [{ lockTtl: 0 }, { exclusiveSleep: 0 }, { timeout: -1 }, { winner: 'newest' }, { refresh: 'never' }, { lockTTL: 30 }, { firstDate: 'with-lists', concurrentLists: false }]) {
      expect(joplinOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(joplinOptions.safeParse({ firstDate: 'with-lists' }).success).toBe(true);
  });

  test('is registered as a built-in, with its roles and sections', () => {
    expect(builtinProtocols.get('joplin')).toBe(joplin);
    expect(joplin.roles).toStrictEqual(['upgrader', 'syncer']);
    expect(joplin.sections).toStrictEqual(['exclusive', 'sync']);
    expect(joplin.roleSections).toStrictEqual({ upgrader: 'exclusive', syncer: 'sync' });
  });
});

describe('joplin lock file names', () => {
  test('locks/<type>_<clientType>_<clientId>.json', () => {
    expect(joplinLockName('exclusive', 'A')).toBe('locks/exclusive_desktop_A.json');
    expect(joplinLockName('sync', 'S')).toBe('locks/sync_desktop_S.json');
  });

  test('lockTypeFromFilename: a .json file whose name starts with the type', () => {
    expect(joplinLockTypeOfName('locks/sync_desktop_S.json')).toBe('sync');
    expect(joplinLockTypeOfName('locks/exclusive_mobile_B.json')).toBe('exclusive');
    expect(joplinLockTypeOfName('locks/exclusive_desktop_B.txt')).toBeNull();
    expect(joplinLockTypeOfName('locks/EXCLUSIVE-B')).toBeNull();
    expect(joplinLockTypeOfName('temp/sync_desktop_S.json')).toBeNull();
  });
});

describe('joplin init', () => {
  test('starts at start, nothing measured, nothing held', () => {
    expect(joplin.init(context('upgrader', { attempts: 3 }))).toStrictEqual(at('start', { attemptsLeft: 3 }));
    expect(joplin.init(context('syncer', { attempts: 'unbounded' }))).toStrictEqual(at('start', { attemptsLeft: -1 }));
  });

  test('rejects negative writes', () => {
    expect(() => joplin.init(context('upgrader', {}, 'A', -1))).toThrow('joplin: writes must be non-negative');
  });
});

describe('joplin look: lists, then the store clock', () => {
  const upgrader = context('upgrader');

  test('concurrentLists (default): both lists at once', () => {
    expect(step(at('start'), null, upgrader).effect).toStrictEqual(lists);
  });

  test('concurrentLists false: one list, then the other', () => {
    const ctx = context('upgrader', { concurrentLists: false });
    const first = step(at('start'), null, ctx);
    expect(first.effect).toStrictEqual(list);
    const second = step(first.state, listed(lock('sync', 'S', 3)), ctx, 2);
    expect(second.state.pc).toBe('listing-second');
    expect(second.state.syncLocks).toStrictEqual([seen('S', 3)]);
    expect(second.effect).toStrictEqual(list);
    const third = step(second.state, listed(lock('exclusive', 'B', 4)), ctx, 4);
    expect(third.state.exclusiveLocks).toStrictEqual([seen('B', 4)]);
    expect(third.effect).toStrictEqual(date);
  });

  test('sharedList: one list serves both checks', () => {
    const ctx = context('upgrader', { sharedList: true });
    expect(step(at('start'), null, ctx).effect).toStrictEqual(list);
    const next = step(at('listing'), listed(lock('sync', 'S', 1), lock('exclusive', 'B', 2)), ctx);
    expect(next.state.syncLocks).toStrictEqual([seen('S', 1)]);
    expect(next.state.exclusiveLocks).toStrictEqual([seen('B', 2)]);
    expect(next.effect).toStrictEqual(date);
  });

  test('firstDate with-lists: the first look sends the date with its lists, later looks do not', () => {
    const ctx = context('upgrader', { firstDate: 'with-lists' });
    expect(step(at('start'), null, ctx).effect).toStrictEqual({ kind: 'all', requests: [list, list, date] });
    expect(step(at('sleeping', { offset: 0 }), null, ctx).effect).toStrictEqual(lists);
    const reply: Reply = { kind: 'all', replies: [listed(), listed(), { kind: 'date', ticks: 12 }] } as Reply;
    const next = step(at('listing'), reply, ctx, 10);
    expect(next.state.offset).toBe(2);
    expect(next.effect).toStrictEqual({ kind: 'put', name: 'locks/exclusive_desktop_A.json', body: 'exclusive' });
  });

  test('the first date measures the offset: store clock minus its own clock, kept from then on', () => {
    const dated = step(at('listing'), both(), upgrader, 7);
    expect(dated.state.pc).toBe('dating');
    expect(dated.effect).toStrictEqual(date);
    const decided = step(dated.state, { kind: 'date', ticks: 20 }, upgrader, 9);
    expect(decided.state.offset).toBe(11);
    expect(decided.state.pc).toBe('saved-new');
  });

  test('with the offset known, the lists decide at once (remoteDate() is cached)', () => {
    expect(step(at('listing', { offset: 5 }), both(), upgrader).state.pc).toBe('saved-new');
  });

  test('files that are not Joplin lock files are ignored', () => {
    const stray: ListedFile = { name: 'locks/EXCLUSIVE-B', owner: 'B', body: 'x', mtimeTicks: 0, clientStampTicks: 0, version: 1 };
    expect(step(at('listing', { offset: 0 }), both(stray), upgrader).state.pc).toBe('saved-new');
  });

  test('anything but the expected reply is a protocol error', () => {
    expect(() => step(at('listing'), ok, upgrader)).toThrow('joplin: expected the replies of concurrent requests, got ok');
    expect(() => step(at('dating'), ok, upgrader)).toThrow('joplin: expected a date reply, got ok');
    expect(() => step(at('listing', { offset: 0 }), { kind: 'all', replies: [ok, listed()] } as Reply, upgrader)).toThrow('joplin: expected reply listed, got ok');
  });
});

describe('joplin exclusive taker: acquireExclusiveLock', () => {
  const upgrader = context('upgrader');
  const decide = (files: ListedFile[], ctx = upgrader, clock = 20) => step(at('listing', { offset: 0 }), both(...files), ctx, clock);
  const putMine: Effect = { kind: 'put', name: 'locks/exclusive_desktop_A.json', body: 'exclusive' };
  const deleteMine: Effect = { kind: 'delete', name: 'locks/exclusive_desktop_A.json' };

  test('an active sync lock of any client: fails, deleting its own lock', () => {
    const output = decide([lock('sync', 'S', 10), lock('exclusive', 'A', 15)]);
    expect(output.state.pc).toBe('failing');
    expect(output.effect).toStrictEqual(deleteMine);
    expect(output.note).toBe('fails (an active sync lock of S): releases its lock');
  });

  test('a sync lock lockTtl old or older is not active', () => {
    expect(decide([lock('sync', 'S', -10)]).state.pc).toBe('saved-new');
    expect(decide([lock('sync', 'S', -9)]).state.pc).toBe('failing');
  });

  test('no active exclusive lock: saves its own, sleeps exclusiveSleep, looks again', () => {
    const ctx = context('upgrader', { exclusiveSleep: 3 });
    const saved = decide([lock('exclusive', 'B', -15)], ctx);
    expect(saved.effect).toStrictEqual(putMine);
    const slept = step(saved.state, ok, ctx);
    expect(slept.state.pc).toBe('sleeping');
    expect(slept.effect).toStrictEqual({ kind: 'wait', ticks: 3 });
    expect(step(slept.state, null, ctx).effect).toStrictEqual(lists);
  });

  test('its own lock the oldest: saves it again, then enters', () => {
    const output = decide([lock('exclusive', 'A', 10), lock('exclusive', 'B', 11)]);
    expect(output.state.pc).toBe('saved-win');
    expect(output.effect).toStrictEqual(putMine);
    const entered = step(output.state, ok, upgrader);
    expect(entered.effect).toStrictEqual({ kind: 'enter', section: 'exclusive' });
    // With the timer (the default), the next step starts it; with an approximation the holder holds at once.
    expect(entered.state).toMatchObject({ pc: 'arming', writesLeft: 1 });
    expect(step(output.state, ok, context('upgrader', { refresh: 'beside-write' })).state).toMatchObject({ pc: 'holding', writesLeft: 1 });
  });

  test('a tie goes to the smaller client id', () => {
    expect(decide([lock('exclusive', 'B', 10), lock('exclusive', 'A', 10)]).state.pc).toBe('saved-win');
    const asB = context('upgrader', {}, 'B');
    const output = step(at('listing', { offset: 0 }), both(lock('exclusive', 'B', 10), lock('exclusive', 'A', 10)), asB, 20);
    expect(output.effect).toStrictEqual({ kind: 'delete', name: 'locks/exclusive_desktop_B.json' });
    expect(output.note).toBe("fails (the active exclusive lock is A's): releases its lock");
  });

  test("another's lock the oldest: fails; an expired older one does not count", () => {
    expect(decide([lock('exclusive', 'A', 12), lock('exclusive', 'B', 11)]).state.pc).toBe('failing');
    expect(decide([lock('exclusive', 'A', 12), lock('exclusive', 'B', -10)]).state.pc).toBe('saved-win');
  });

  test('reputOnWin false: holds without saving again', () => {
    const ctx = context('upgrader', { reputOnWin: false });
    expect(decide([lock('exclusive', 'A', 10), lock('exclusive', 'B', 11)], ctx).effect).toStrictEqual({ kind: 'enter', section: 'exclusive' });
  });

  test('winner alone: any other active exclusive lock makes it fail, even a newer one', () => {
    const ctx = context('upgrader', { winner: 'alone' });
    expect(decide([lock('exclusive', 'A', 10), lock('exclusive', 'B', 11)], ctx).state.pc).toBe('failing');
    expect(decide([lock('exclusive', 'A', 10), lock('exclusive', 'B', -20)], ctx).state.pc).toBe('saved-win');
  });

  test('timeout: waits timeoutSleep while it lasts by its own clock, then fails', () => {
    const ctx = context('upgrader', { timeout: 30, timeoutSleep: 5 });
    const started = step(at('start'), null, ctx, 100);
    expect(started.state.startClock).toBe(100);
    const files = [lock('exclusive', 'B', 120)];
    const waiting = step({ ...started.state, offset: 0 }, both(...files), ctx, 129);
    expect(waiting.state.pc).toBe('sleeping');
    expect(waiting.effect).toStrictEqual({ kind: 'wait', ticks: 5 });
    expect(step({ ...started.state, offset: 0 }, both(...files), ctx, 130).state.pc).toBe('failing');
  });

  test('failing: on its last attempt, gives up for good; with attempts left, retries after retryDelay', () => {
    const output = step(at('failing'), ok, upgrader);
    expect(output.effect).toStrictEqual(gaveUp);
    expect(output.state.pc).toBe('released');
    expect(step(at('failing'), { kind: 'not-found' }, upgrader).effect).toStrictEqual(gaveUp);
    const retry = step(at('failing', { attemptsLeft: 2 }), ok, context('upgrader', { attempts: 2, retryDelay: 6 }));
    expect(retry.state).toMatchObject({ pc: 'start', attemptsLeft: 1 });
    expect(retry.effect).toStrictEqual({ kind: 'wait', ticks: 6 });
  });

  test('leaseCheck: a win whose last put is lockTtl old by its own clock fails instead of entering', () => {
    const ctx = context('upgrader', { leaseCheck: true, reputOnWin: false });
    const saved = step(at('listing', { offset: 0 }), both(), ctx, 4);
    expect(saved.state.putClock).toBe(4);
    const mine = [lock('exclusive', 'A', 5)];
    expect(step({ ...saved.state, pc: 'listing' }, both(...mine), ctx, 33).effect).toStrictEqual({ kind: 'enter', section: 'exclusive' });
    expect(step({ ...saved.state, pc: 'listing' }, both(...mine), ctx, 34).state.pc).toBe('failing');
  });

  test('without leaseCheck no put time is kept', () => {
    expect(step(at('listing', { offset: 0 }), both(), upgrader, 4).state.putClock).toBeNull();
  });
});

describe('joplin syncer: acquireSyncLock', () => {
  const syncer = context('syncer', {}, 'S', 2);
  const putMine: Effect = { kind: 'put', name: 'locks/sync_desktop_S.json', body: 'sync' };
  const decide = (state: JoplinState, files: ListedFile[], ctx = syncer, clock = 20) => step({ ...state, pc: 'listing', offset: 0 }, both(...files), ctx, clock);

  test('an active exclusive lock: fails, deleting its sync lock', () => {
    const output = decide(at('listing'), [lock('exclusive', 'U', 10)]);
    expect(output.effect).toStrictEqual({ kind: 'delete', name: 'locks/sync_desktop_S.json' });
    expect(output.note).toBe('fails (an active exclusive lock of U): releases its lock');
  });

  test("first pass, no sync lock of its own (others' do not count): saves it and looks again at once", () => {
    const saved = decide(at('listing'), [lock('sync', 'T', 10)]);
    expect(saved.effect).toStrictEqual(putMine);
    expect(saved.state).toMatchObject({ pc: 'saved-new', firstPass: false, syncLocks: null });
    expect(step(saved.state, ok, syncer).effect).toStrictEqual(lists);
  });

  test('syncSleep: sleeps before the second look', () => {
    const ctx = context('syncer', { syncSleep: 2 }, 'S');
    expect(step(at('saved-new', { firstPass: false }), ok, ctx).effect).toStrictEqual({ kind: 'wait', ticks: 2 });
  });

  test('second pass, its sync lock listed: syncs without saving again, unless it is old by its own clock', () => {
    const second = at('listing', { firstPass: false });
    const entered = decide(second, [lock('sync', 'S', 15)], syncer, 20);
    expect(entered.effect).toStrictEqual({ kind: 'enter', section: 'sync' });
    expect(entered.state.writesLeft).toBe(2);
    // Date.now() - updatedTime > 10 s: its own clock, not the store's.
    const ctx = context('syncer', { syncRefreshAge: 100, lockTtl: 200 }, 'S');
    const refreshed = step({ ...second, offset: -50 }, both(lock('sync', 'S', 15)), ctx, 116);
    expect(refreshed.effect).toStrictEqual(putMine);
    expect(refreshed.note).toBe('its sync lock is old by its own clock: saves it again');
  });

  test('first pass, its own sync lock listed (left from before): saves it again and syncs', () => {
    const output = decide(at('listing'), [lock('sync', 'S', 15)]);
    expect(output.effect).toStrictEqual(putMine);
    expect(step(output.state, ok, syncer).effect).toStrictEqual({ kind: 'enter', section: 'sync' });
  });

  test('second pass, its sync lock missing: fails (written but not read back)', () => {
    const output = decide(at('listing', { firstPass: false }), []);
    expect(output.state.pc).toBe('failing');
    expect(output.note).toBe('fails (its sync lock was written but not read back): releases its lock');
  });
});

describe('joplin holder, refresh approximated (beside-write and the others): writes, the refresh, release', () => {
  const upgrader = context('upgrader', { refresh: 'beside-write' }, 'A', 3);
  const holding = (fields: Partial<JoplinState> = {}) => at('holding', { offset: 0, writesLeft: 3, ...fields });

  test('the first step in the section starts the timer one interval away, then writes', () => {
    const output = step(holding(), null, upgrader, 50);
    expect(output.state.refreshAt).toBe(60);
    expect(output.state.writesLeft).toBe(2);
    expect(output.effect).toStrictEqual({ kind: 'write' });
  });

  test('no writes left: leaves the section, then deletes its lock, then finishes', () => {
    const exit = step(holding({ writesLeft: 0, refreshAt: 60 }), ok, upgrader, 55);
    expect(exit.effect).toStrictEqual({ kind: 'exit', section: 'exclusive' });
    const release = step(exit.state, null, upgrader, 55);
    expect(release.effect).toStrictEqual({ kind: 'delete', name: 'locks/exclusive_desktop_A.json' });
    expect(step(release.state, ok, upgrader).effect).toStrictEqual({ kind: 'done', outcome: 'finished' });
  });

  test('beside-write: once due, the next write goes out with the refresh list', () => {
    const output = step(holding({ refreshAt: 60 }), ok, upgrader, 61);
    expect(output.effect).toStrictEqual({ kind: 'all', requests: [{ kind: 'write' }, list] });
    expect(output.state).toMatchObject({ pc: 'refresh-listing', writesLeft: 2, refreshAt: 70 });
  });

  test('after-write: the write, then the refresh list', () => {
    const ctx = context('upgrader', { refresh: 'after-write' }, 'A', 3);
    const write = step(holding({ refreshAt: 60 }), ok, ctx, 60);
    expect(write.effect).toStrictEqual({ kind: 'write' });
    expect(write.state.pc).toBe('writing-then-refresh');
    expect(step(write.state, ok, ctx, 62).effect).toStrictEqual(list);
  });

  test('between-writes: the refresh first, the write only after', () => {
    const ctx = context('upgrader', { refresh: 'between-writes' }, 'A', 3);
    const output = step(holding({ refreshAt: 60 }), ok, ctx, 85);
    expect(output.effect).toStrictEqual(list);
    // setInterval's next firing after its clock, on the timer's own phase.
    expect(output.state).toMatchObject({ pc: 'refresh-listing', writesLeft: 3, refreshAt: 90 });
  });

  test("the refresh finds its lock no longer the active one: lockExpired, it leaves and stops", () => {
    const ctx = context('upgrader', { refresh: 'between-writes' }, 'A', 3);
    const state = at('refresh-listing', { offset: 0, writesLeft: 3, refreshAt: 90 });
    for (const files of [[lock('exclusive', 'A', 40)], [lock('exclusive', 'A', 60), lock('exclusive', 'B', 59)], []]) {
      const output = step(state, listed(...files), ctx, 70);
      expect(output.effect).toStrictEqual({ kind: 'exit', section: 'exclusive' });
      expect(output.note).toBe('its refresh finds the lock expired (lockExpired): it stops');
      const release = step(output.state, null, ctx, 70);
      expect(release.effect).toStrictEqual({ kind: 'delete', name: 'locks/exclusive_desktop_A.json' });
      expect(step(release.state, ok, ctx).effect).toStrictEqual(gaveUp);
    }
  });

  test('the refresh finds its lock active: acquires it again from the timer, and holds on', () => {
    const state = at('refresh-listing', { offset: 0, writesLeft: 2, refreshAt: 70 });
    const reply: Reply = { kind: 'all', replies: [ok, listed(lock('exclusive', 'A', 50))] };
    const again = step(state, reply, upgrader, 62);
    expect(again.effect).toStrictEqual(lists);
    expect(again.state).toMatchObject({ refreshing: true, pc: 'listing' });
    const saved = step(again.state, both(lock('exclusive', 'A', 50)), upgrader, 64);
    expect(saved.effect).toStrictEqual({ kind: 'put', name: 'locks/exclusive_desktop_A.json', body: 'exclusive' });
    const back = step(saved.state, ok, upgrader, 66);
    expect(back.effect).toStrictEqual({ kind: 'write' });
    expect(back.state).toMatchObject({ pc: 'holding', refreshing: false, writesLeft: 1 });
  });

  test('a refresh whose acquisition fails (an active sync lock): deletes its lock, leaves, deletes again, stops', () => {
    const state = at('listing', { offset: 0, writesLeft: 2, refreshAt: 70, refreshing: true });
    const failed = step(state, both(lock('sync', 'S', 60), lock('exclusive', 'A', 50)), upgrader, 64);
    expect(failed.state.pc).toBe('failing');
    const exit = step(failed.state, ok, upgrader, 66);
    expect(exit.effect).toStrictEqual({ kind: 'exit', section: 'exclusive' });
    expect(exit.note).toBe('its refresh failed: it stops');
    expect(step(exit.state, null, upgrader).effect).toStrictEqual({ kind: 'delete', name: 'locks/exclusive_desktop_A.json' });
  });

  test('a refresh never waits for a timeout (acquireLock from the timer has none)', () => {
    const ctx = context('upgrader', { timeout: 100, refresh: 'beside-write' }, 'A', 3);
    const state = at('listing', { offset: 0, writesLeft: 2, refreshAt: 70, refreshing: true, startClock: null });
    expect(step(state, both(lock('exclusive', 'B', 40), lock('exclusive', 'A', 50)), ctx, 64).state.pc).toBe('failing');
  });

  test("a syncer's refresh checks its own sync lock", () => {
    const ctx = context('syncer', { refresh: 'between-writes' }, 'S', 2);
    const state = at('refresh-listing', { offset: 0, writesLeft: 2, refreshAt: 70 });
    expect(step(state, listed(lock('sync', 'T', 60)), ctx, 62).effect).toStrictEqual({ kind: 'exit', section: 'sync' });
    expect(step(state, listed(lock('sync', 'S', 60)), ctx, 62).effect).toStrictEqual(lists);
  });

  test('leaseCheck: no write once lockTtl has passed by its own clock since its last put; it leaves and stops', () => {
    const ctx = context('upgrader', { leaseCheck: true, refresh: 'beside-write' }, 'A', 3);
    expect(step(holding({ refreshAt: 200, putClock: 10 }), ok, ctx, 39).effect).toStrictEqual({ kind: 'write' });
    const output = step(holding({ refreshAt: 200, putClock: 10 }), ok, ctx, 40);
    expect(output.effect).toStrictEqual({ kind: 'exit', section: 'exclusive' });
    expect(output.state.pc).toBe('abort-releasing');
  });
});

describe('joplin refresh: timer (the default): the auto-refresh on a timer beside the holder', () => {
  const upgrader = context('upgrader', {}, 'A', 3);
  const mine = 'locks/exclusive_desktop_A.json';
  const exit: Effect = { kind: 'exit', section: 'exclusive' };
  const end: Effect = { kind: 'end' };
  // A holder at 50 whose timer fired (or not) with the main flow at its writes.
  const holding = (fields: Partial<JoplinState> = {}) => at('holding', { offset: 0, writesLeft: 3, refreshTimer: true, ...fields });
  const run = (pc: TimerRun['pc'], fields: Partial<TimerRun> = {}): TimerRun => ({ pc, firstPass: true, syncLocks: null, exclusiveLocks: null, firedAt: 50, ...fields });
  const onTimer = (state: JoplinState, reply: Reply | null, clockTicks: number, ctx = upgrader) => joplin.step(state, { reply, clockTicks, activity: 'timer' }, ctx);

  test('entering starts the timer (startAutoLockRefresh): arm one interval away, with no clock reading kept', () => {
    const armed = step(at('arming', { offset: 0, writesLeft: 3 }), null, upgrader, 40);
    expect(armed.effect).toStrictEqual({ kind: 'arm', afterTicks: 10 });
    expect(armed.state).toMatchObject({ pc: 'holding', refreshTimer: true, refreshAt: null, timer: null });
  });

  test('the main flow writes on while the timer runs, and leaves: exit, disarm (stopAutoLockRefresh), delete, finished', () => {
    const write = step(holding({ timer: run('refresh-listing') }), ok, upgrader, 52);
    expect(write.effect).toStrictEqual({ kind: 'write' });
    expect(write.state).toMatchObject({ pc: 'holding', writesLeft: 2, timer: run('refresh-listing') });
    const exit1 = step(holding({ writesLeft: 0 }), ok, upgrader, 55);
    expect(exit1.effect).toStrictEqual(exit);
    const disarm = step(exit1.state, null, upgrader, 55);
    expect(disarm.effect).toStrictEqual({ kind: 'disarm' });
    expect(disarm.state).toMatchObject({ pc: 'releasing', refreshTimer: false });
    const release = step(disarm.state, null, upgrader, 55);
    expect(release.effect).toStrictEqual({ kind: 'delete', name: mine });
    expect(step(release.state, ok, upgrader).effect).toStrictEqual({ kind: 'done', outcome: 'finished' });
  });

  test('the timer reported the lock lost: at its next step the main flow leaves, disarms, deletes its lock and gives up', () => {
    const stop = step(holding({ lost: true, refreshTimer: false }), ok, upgrader, 60);
    expect(stop.effect).toStrictEqual(exit);
    expect(stop.note).toBe('its refresh timer reported the lock lost: it stops');
    const disarm = step(stop.state, null, upgrader, 60);
    expect(disarm.effect).toStrictEqual({ kind: 'disarm' });
    const release = step(disarm.state, null, upgrader, 60);
    expect(release.effect).toStrictEqual({ kind: 'delete', name: mine });
    expect(step(release.state, ok, upgrader).effect).toStrictEqual(gaveUp);
  });

  test('leaseCheck beside the timer: no write once lockTtl has passed since its last put; it stops the timer too', () => {
    const ctx = context('upgrader', { leaseCheck: true }, 'A', 3);
    expect(step(holding({ putClock: 10 }), ok, ctx, 39).effect).toStrictEqual({ kind: 'write' });
    const stop = step(holding({ putClock: 10 }), ok, ctx, 40);
    expect(stop.effect).toStrictEqual(exit);
    expect(step(stop.state, null, ctx, 40).effect).toStrictEqual({ kind: 'disarm' });
  });

  test('the timer fires: hasActiveLock lists the locks; the run keeps its own pc and its firing time, the main flow is untouched', () => {
    const fired = onTimer(holding(), null, 50);
    expect(fired.effect).toStrictEqual(list);
    expect(fired.state).toStrictEqual(holding({ timer: run('refresh-listing') }));
  });

  test('hasActiveLock says no (expired, or another first): lockExpired, the timer stops and the holder is told', () => {
    for (const files of [[lock('exclusive', 'A', 20)], [lock('exclusive', 'A', 45), lock('exclusive', 'B', 44)], []]) {
      const output = onTimer(holding({ timer: run('refresh-listing') }), listed(...files), 52);
      expect(output.effect).toStrictEqual(end);
      expect(output.state).toStrictEqual(holding({ lost: true, refreshTimer: false }));
    }
  });

  test('the timer was stopped while hasActiveLock was out: the run returns, and tells no one', () => {
    const output = onTimer(at('releasing', { offset: 0, refreshTimer: false, timer: run('refresh-listing') }), listed(), 52);
    expect(output.effect).toStrictEqual(end);
    expect(output.state).toStrictEqual(at('releasing', { offset: 0, refreshTimer: false }));
  });

  test('active: acquireLock again on the timer flow (its lists, its put); then the run ends and arms the next firing on the interval', () => {
    const again = onTimer(holding({ timer: run('refresh-listing') }), listed(lock('exclusive', 'A', 45)), 52);
    expect(again.effect).toStrictEqual(lists);
    expect(again.state).toStrictEqual(holding({ timer: run('listing') }));
    const saved = onTimer(again.state, both(lock('exclusive', 'A', 45)), 54);
    expect(saved.effect).toStrictEqual({ kind: 'put', name: mine, body: 'exclusive' });
    expect(saved.state).toStrictEqual(holding({ timer: run('saved-win') }));
    // setInterval kept its phase: fired at 50, every 10; a firing while the run was in progress returned at once.
    for (const [clock, afterTicks] of [[56, 4], [62, 8], [60, 10], [70, 10]] as const) {
      const back = onTimer(saved.state, ok, clock);
      expect(back.effect).toStrictEqual({ kind: 'arm', afterTicks });
      expect(back.state).toStrictEqual(holding());
    }
  });

  test('reputOnWin false drops the save of a taker\'s win only: the refresh\'s acquireLock still saves (its only save)', () => {
    const noReput = context('upgrader', { reputOnWin: false }, 'A', 3);
    const looked = onTimer(holding({ timer: run('listing') }), both(lock('exclusive', 'A', 45)), 54, noReput);
    expect(looked.effect).toStrictEqual({ kind: 'put', name: mine, body: 'exclusive' });
    expect(looked.state).toStrictEqual(holding({ timer: run('saved-win') }));
  });

  test('acquireLock returned after the timer was stopped: the run returns without arming', () => {
    const back = onTimer(at('released', { offset: 0, timer: run('saved-win') }), ok, 58);
    expect(back.effect).toStrictEqual(end);
    expect(back.state).toStrictEqual(at('released', { offset: 0 }));
  });

  test('a refresh whose acquireLock fails (an active sync lock): its catch deletes the lock, then the holder is told', () => {
    const failed = onTimer(holding({ timer: run('listing') }), both(lock('sync', 'S', 50), lock('exclusive', 'A', 45)), 54);
    expect(failed.effect).toStrictEqual({ kind: 'delete', name: mine });
    expect(failed.state).toStrictEqual(holding({ timer: run('failing') }));
    const told = onTimer(failed.state, ok, 56);
    expect(told.effect).toStrictEqual(end);
    expect(told.state).toStrictEqual(holding({ lost: true, refreshTimer: false }));
  });

  test('the release race: a run whose lists miss the deleted lock saves it again and sleeps, on the timer flow', () => {
    const released = at('released', { offset: 0, refreshTimer: false });
    const saved = onTimer({ ...released, timer: run('listing') }, both(), 56);
    expect(saved.effect).toStrictEqual({ kind: 'put', name: mine, body: 'exclusive' });
    const slept = onTimer(saved.state, ok, 58);
    expect(slept.effect).toStrictEqual({ kind: 'wait', ticks: 1 });
    expect(slept.state).toStrictEqual({ ...released, timer: run('sleeping') });
    expect(onTimer(slept.state, null, 59).effect).toStrictEqual(lists);
  });

  test("a syncer's refresh: hasActiveLock on its own sync lock, then acquireSyncLock's first pass saves it again", () => {
    const ctx = context('syncer', {}, 'S', 2);
    const state = at('holding', { offset: 0, writesLeft: 2, refreshTimer: true, timer: run('refresh-listing') });
    expect(onTimer(state, listed(lock('sync', 'T', 45)), 52, ctx).effect).toStrictEqual(end);
    const again = onTimer(state, listed(lock('sync', 'S', 45)), 52, ctx);
    expect(again.effect).toStrictEqual(lists);
    expect(onTimer(again.state, both(lock('sync', 'S', 45)), 54, ctx).effect).toStrictEqual({ kind: 'put', name: 'locks/sync_desktop_S.json', body: 'sync' });
  });

  test('a refresh never waits for a timeout, even when the main flow had one', () => {
    const ctx = context('upgrader', { timeout: 100 }, 'A', 3);
    expect(onTimer(holding({ timer: run('listing') }), both(lock('exclusive', 'B', 40), lock('exclusive', 'A', 45)), 54, ctx).effect).toStrictEqual({ kind: 'delete', name: mine });
  });

  test('a timer step under an approximation, or a run in a pc of the main flow, is a protocol error', () => {
    expect(() => onTimer(holding(), null, 50, context('upgrader', { refresh: 'beside-write' }))).toThrow('joplin: a timer step without refresh: timer');
    expect(() => onTimer(holding({ timer: { ...run('listing'), pc: 'holding' as TimerRun['pc'] } }), ok, 50)).toThrow(/^joplin: /);
    expect(() => onTimer(holding({ refreshTimer: false }), null, 50)).toThrow('joplin: the refresh timer fired after it was stopped');
  });

  const timerPcs: TimerRun['pc'][] = ['refresh-listing', 'listing', 'listing-second', 'dating', 'saved-new', 'sleeping', 'saved-win', 'failing'];
  const anyFile = fc
    .record({ type: fc.constantFrom<'sync' | 'exclusive'>('sync', 'exclusive'), owner: fc.constantFrom('A', 'B', 'S'), mtime: fc.integer({ min: 20, max: 60 }) })
    .map(({ type, owner, mtime }) => lock(type, owner, mtime));
  const anyList = fc.uniqueArray(anyFile, { maxLength: 4, selector: (file) => file.name }).map((files): SingleReply => ({ kind: 'listed', files }));
  const anyReply = fc.oneof(
    fc.constant<Reply | null>(null),
    anyList,
    fc.constantFrom<Reply>(ok, { kind: 'not-found' }),
    fc.tuple(anyList, anyList).map(([a, b]): Reply => ({ kind: 'all', replies: [a, b] })),
  );
  const anyTimerInput = fc.record({
    role: fc.constantFrom<'upgrader' | 'syncer'>('upgrader', 'syncer'),
    options: fc.record({ concurrentLists: fc.boolean(), sharedList: fc.boolean(), reputOnWin: fc.boolean(), winner: fc.constantFrom<'oldest' | 'alone'>('oldest', 'alone'), leaseCheck: fc.boolean(), timeout: fc.constantFrom(0, 100) }),
    mainPc: fc.constantFrom<Pc>('holding', 'releasing', 'released', 'aborting', 'abort-releasing'),
    run: fc.option(fc.record({ pc: fc.constantFrom(...timerPcs), firstPass: fc.boolean(), syncLocks: fc.constant(null), exclusiveLocks: fc.constant(null), firedAt: fc.integer({ min: 40, max: 50 }) }), { nil: null }),
    refreshTimer: fc.boolean(),
    reply: anyReply,
    clockTicks: fc.integer({ min: 50, max: 70 }),
  });

  test.prop([anyTimerInput], { numRuns: 300 })('the timer flow never enters, exits, stops the client or disarms, and leaves the main flow as it was', (sample) => {
    const ctx = deepFreeze(context(sample.role, sample.options, 'A', 3));
    const listedBoth: Partial<TimerRun> = sample.run !== null && sample.run.pc === 'dating' ? { syncLocks: [], exclusiveLocks: [] } : {};
    const state = deepFreeze(at(sample.mainPc, { offset: 0, writesLeft: 1, refreshTimer: sample.refreshTimer || sample.run === null, timer: sample.run === null ? null : { ...sample.run, ...listedBoth } }));
    let output: StepOutput<JoplinState>;
    try {
      output = onTimer(state, sample.run === null ? null : sample.reply, sample.clockTicks, ctx);
    } catch (error) {
      expect(String(error)).toMatch(/^Error: joplin: /);
      return;
    }
    expect(['enter', 'exit', 'done', 'disarm']).not.toContain(output.effect.kind);
    expect(output.state).toMatchObject({ pc: state.pc, writesLeft: state.writesLeft, firstPass: state.firstPass, syncLocks: state.syncLocks, exclusiveLocks: state.exclusiveLocks, refreshing: false, refreshAt: null });
    // The run ends exactly when the handler arms its next firing or returns.
    expect(output.state.timer === null).toBe(output.effect.kind === 'arm' || output.effect.kind === 'end');
    if (output.effect.kind === 'arm') expect(output.effect.afterTicks).toBeGreaterThanOrEqual(1);
  });
});

describe('joplin guards, declarations and describe', () => {
  test('an unknown role is a protocol error', () => {
    expect(() => joplin.step(at('start'), { reply: null, clockTicks: 0 }, { ...context('upgrader'), role: 'writer' })).toThrow('joplin: unknown role writer');
  });

  test('declares: not time-shift invariant (it keeps clock readings), the largest age it compares, the time of its lock files only', () => {
    const options = joplinOptions.parse({});
    expect(joplin.declares?.timeShiftInvariant).toBe(false);
    expect(joplin.declares?.ageHorizonTicks?.(options)).toBe(100);
    expect(joplin.declares?.ageHorizonTicks?.(joplinOptions.parse({ syncRefreshAge: 2, timeout: 40 }))).toBe(40);
    expect(joplin.declares?.fileFields?.('locks/exclusive_desktop_A.json', options)).toStrictEqual(['mtimeTicks']);
    expect(joplin.declares?.fileFields?.('locks/EXCLUSIVE-A', options)).toStrictEqual([]);
  });

  test('describe names the pc, the attempts left, writes left while holding, and a refresh', () => {
    expect(joplin.describe(at('start', { attemptsLeft: 2 }))).toBe('about to look (2 attempts left)');
    expect(joplin.describe(at('holding', { writesLeft: 3 }))).toBe('in critical section (1 attempts left, 3 writes left)');
    expect(joplin.describe(at('listing', { refreshing: true }))).toBe('listing locks (1 attempts left, from its refresh timer)');
  });
});

// The laws, on steps a client can really take: it runs from init against a
// model of the store (reachable.ts). That model's other clients write
// `locks/SYNCING-<id>` and `locks/EXCLUSIVE-<id>`; the adapter below shows
// them to joplin under Joplin's names, so that others' locks come and go in
// what joplin lists. The law steps joplin itself on the shown input.
const owners = ['A', 'B', 'S'] as const;

function joplinName(name: string): string {
  const match = /^locks\/(SYNCING|EXCLUSIVE)-(.+)$/.exec(name);
  if (match === null) return name;
  return joplinLockName(match[1] === 'SYNCING' ? 'sync' : 'exclusive', match[2]!);
}

function shownSingle(reply: SingleReply): SingleReply {
  if (reply.kind === 'listed') return { kind: 'listed', files: reply.files.map((file) => ({ ...file, name: joplinName(file.name) })) };
  return reply;
}

function shown(reply: Reply | null): Reply | null {
  if (reply === null) return null;
  if (reply.kind === 'all') return { kind: 'all', replies: reply.replies.map(shownSingle) };
  return shownSingle(reply);
}

function shownInput(input: StepInput): StepInput {
  return { reply: shown(input.reply), clockTicks: input.clockTicks };
}

const adapted: Protocol<JoplinOptions, JoplinState> = { ...joplin, step: (state, input, ctx) => joplin.step(state, shownInput(input), ctx) };

const options = fc.record({
  lockTtl: fc.integer({ min: 3, max: 12 }),
  autoRefreshInterval: fc.integer({ min: 1, max: 6 }),
  exclusiveSleep: fc.integer({ min: 1, max: 3 }),
  timeout: fc.constantFrom(0, 0, 10),
  syncRefreshAge: fc.integer({ min: 0, max: 5 }),
  concurrentLists: fc.boolean(),
  sharedList: fc.boolean(),
  refresh: fc.constantFrom('timer', 'beside-write', 'after-write', 'between-writes'),
  winner: fc.constantFrom('oldest', 'alone'),
  reputOnWin: fc.boolean(),
  syncSleep: fc.nat(2),
  leaseCheck: fc.boolean(),
  attempts: fc.integer({ min: 1, max: 3 }),
  retryDelay: fc.integer({ min: 0, max: 4 }),
});
const contexts = fc.record({
  id: fc.constantFrom(...owners),
  role: fc.constantFrom<'upgrader' | 'syncer'>('upgrader', 'syncer'),
  writes: fc.nat(3),
  options: options.map((value) => joplinOptions.parse(value)),
});
const reachable = reachableStep(adapted, contexts, { owners, kinds: ['SYNCING', 'EXCLUSIVE'] }, { maxSteps: 40 });

const numRuns = 100;
let lawRuns = 0;
const pcsSeen = new Set<string>();

describe('joplin laws', () => {
  test.prop([reachable], { numRuns })('step is a pure function: same input, same output, input untouched; attempts and writes stay in range; only its own files', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze(sample.state);
    const stepInput = deepFreeze(shownInput(sample.input));
    const first = stepTwice(() => joplin.step(state, stepInput, ctx));
    if (!('output' in first)) expect.fail(`a reachable step threw: ${first.error}\n${sample.trail.join('\n')}`);
    const { output } = first;
    pcsSeen.add(state.pc);
    expect(output.state.attemptsLeft).toBeLessThanOrEqual(state.attemptsLeft);
    expect(output.state.attemptsLeft).toBeGreaterThanOrEqual(state.attemptsLeft - 1);
    expect(output.state.writesLeft).toBeLessThanOrEqual(ctx.writes);
    expect(output.state.writesLeft).toBeGreaterThanOrEqual(0);
    // Once measured, the offset never changes (remoteDate() caches it).
    if (state.offset !== null) expect(output.state.offset).toBe(state.offset);
    const type = ctx.role === 'upgrader' ? 'exclusive' : 'sync';
    const effects = output.effect.kind === 'all' ? output.effect.requests : [output.effect];
    for (const effect of effects) {
      if (effect.kind === 'wait') expect(effect.ticks).toBeGreaterThanOrEqual(1);
      if (effect.kind === 'put' || effect.kind === 'delete') expect(effect.name).toBe(joplinLockName(type, ctx.id));
      if (effect.kind === 'list') expect(effect.prefix).toBe('locks/');
      if (effect.kind === 'enter' || effect.kind === 'exit') expect(effect.section).toBe(type);
    }
    if (output.effect.kind === 'all') expect(output.effect.requests.length).toBeGreaterThanOrEqual(2);
    if (output.effect.kind === 'done') expect(output.state.pc).toBe('released');
    lawRuns += 1;
  });

  test(`the law above checked every one of its ${numRuns} runs, on steps from many pcs`, () => {
    expect(lawRuns).toBe(numRuns);
    expect(pcsSeen.size).toBeGreaterThanOrEqual(6);
  });

  const pcs: Pc[] = ['start', 'listing', 'listing-second', 'dating', 'saved-new', 'sleeping', 'saved-win', 'failing', 'holding', 'arming', 'writing-then-refresh', 'refresh-listing', 'stopping-refresh', 'abort-stopping-refresh', 'abort-releasing', 'aborting', 'releasing', 'released'];
  const anyFile = fc
    .record({ type: fc.constantFrom<'sync' | 'exclusive'>('sync', 'exclusive'), owner: fc.constantFrom(...owners), mtime: fc.integer({ min: -5, max: 40 }) })
    .map(({ type, owner, mtime }) => lock(type, owner, mtime));
  const anyList = fc.uniqueArray(anyFile, { maxLength: 4, selector: (file) => file.name }).map((files): Reply => ({ kind: 'listed', files }));
  const anySingle = fc.oneof(anyList, fc.constantFrom<Reply>(ok, { kind: 'not-found' }, { kind: 'exists' }), fc.integer({ min: 0, max: 40 }).map((ticks): Reply => ({ kind: 'date', ticks })));
  const anyInput = fc.record({
    context: contexts,
    pc: fc.constantFrom(...pcs),
    offset: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
    writesLeft: fc.nat(3),
    refreshAt: fc.option(fc.nat(40), { nil: null }),
    reply: fc.oneof(fc.constant(null), anySingle, fc.array(anySingle, { minLength: 2, maxLength: 3 }).map((replies) => ({ kind: 'all', replies }) as Reply)),
    clockTicks: fc.integer({ min: -5, max: 50 }),
  });

  test.prop([anyInput], { numRuns: 100 })('on any state and reply, step is deterministic and fails only with a joplin error', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze(at(sample.pc, { offset: sample.offset, writesLeft: Math.min(sample.writesLeft, ctx.writes), refreshAt: sample.refreshAt }));
    const first = stepTwice(() => joplin.step(state, deepFreeze({ reply: sample.reply, clockTicks: sample.clockTicks }), ctx));
    expect('error' in first ? first.error : 'returned').toMatch(/^(returned$|joplin: )/);
  });
});
