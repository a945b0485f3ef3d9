// write-verify, one step at a time: hand-made replies fed to `writeVerify.step`
// for every pc of both roles, under every option that changes a step.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ClientContext, Effect, Reply, StepOutput } from '../../../model/protocol.ts';
import { writeVerify, writeVerifyOptions, type WriteVerifyOptions, type WriteVerifyState } from '../../../model/protocols/writeVerify.ts';
import { anyReply, deepFreeze, finished, gaveUp, list, listed, lock, ok, stepTwice } from './replies.ts';
import { reachableStep } from './reachable.ts';

type Pc = WriteVerifyState['pc'];
type Role = 'upgrader' | 'syncer';

function context(role: Role, options: Partial<WriteVerifyOptions> = {}, id = 'A', writes = 1): ClientContext<WriteVerifyOptions> {
  return { id, role, writes, options: writeVerifyOptions.parse(options) };
}

function at(pc: Pc, attemptsLeft = 1, writesLeft = 0): WriteVerifyState {
  return { pc, attemptsLeft, writesLeft };
}

function step(state: WriteVerifyState, reply: Reply | null, ctx: ClientContext<WriteVerifyOptions>, clockTicks = 0): StepOutput<WriteVerifyState> {
  return writeVerify.step(state, { reply, clockTicks }, ctx);
}

/** The state and effect of a step, without its note. */
function move(state: WriteVerifyState, reply: Reply | null, ctx: ClientContext<WriteVerifyOptions>, clockTicks = 0): { state: WriteVerifyState; effect: Effect } {
  const output = step(state, reply, ctx, clockTicks);
  return { state: output.state, effect: output.effect };
}

const putExclusive: Effect = { kind: 'put', name: 'locks/EXCLUSIVE-A', body: 'EXCLUSIVE' };
const deleteExclusive: Effect = { kind: 'delete', name: 'locks/EXCLUSIVE-A' };
const putSyncing: Effect = { kind: 'put', name: 'locks/SYNCING-S', body: 'SYNCING' };
const deleteSyncing: Effect = { kind: 'delete', name: 'locks/SYNCING-S' };

describe('write-verify options', () => {
  test('defaults', () => {
    expect(writeVerifyOptions.parse({})).toStrictEqual({
      timestamp: 'server',
      verifyDelay: 4,
      rewriteOnWin: false,
      ttl: null,
      refreshInterval: 5,
      attempts: 1,
      rounds: 1,
      retryDelay: 4,
    });
  });

  test('accepts a lease, and a refreshInterval at or above the ttl (a misconfiguration worth checking)', () => {
    expect(writeVerifyOptions.parse({ ttl: 3, refreshInterval: 7 })).toMatchObject({ ttl: 3, refreshInterval: 7 });
  });

  test('rejects out-of-range and unknown options', () => {
    for (const bad of [
      { verifyDelay: -1 },
      { verifyDelay: 1.5 },
      { ttl: 0 },
      { refreshInterval: 0 },
      { attempts: 0 },
      { retryDelay: -1 },
      { timestamp: 'atomic' },
      { rewriteOnWin: 'yes' },
      { pollInterval: 2 },
    ]) {
      expect(writeVerifyOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('write-verify init and shape', () => {
  test('starts at start with every attempt left and no writes pending', () => {
    expect(writeVerify.init(context('upgrader', { attempts: 3 }))).toStrictEqual(at('start', 3, 0));
    expect(writeVerify.init(context('syncer', {}, 'S'))).toStrictEqual(at('start', 1, 0));
  });

  test('rejects negative writes', () => {
    expect(() => writeVerify.init(context('upgrader', {}, 'A', -1))).toThrow('write-verify: writes must be a non-negative integer');
  });

  test('declares its roles and sections, and needs nothing special of the store', () => {
    expect(writeVerify.name).toBe('write-verify');
    expect(writeVerify.roles).toStrictEqual(['upgrader', 'syncer']);
    expect(writeVerify.sections).toStrictEqual(['exclusive', 'sync']);
    expect(writeVerify.requires).toBeUndefined();
  });
});

describe('write-verify upgrader, step by step', () => {
  const upgrader = context('upgrader');

  test('start: lists the locks', () => {
    expect(move(at('start'), null, upgrader)).toStrictEqual({ state: at('checked'), effect: list });
  });

  describe('checked: the first list', () => {
    test('with no lock listed, puts its EXCLUSIVE lock', () => {
      expect(move(at('checked'), listed(), upgrader)).toStrictEqual({ state: at('posted'), effect: putExclusive });
    });

    test('PENDING locks, its own EXCLUSIVE lock and stray files do not block it', () => {
      const stray = { ...lock('SYNCING', 'B'), name: 'locks/README' };
      expect(move(at('checked'), listed(lock('PENDING', 'B'), lock('EXCLUSIVE', 'A'), stray), upgrader).state.pc).toBe('posted');
    });

    test.each([
      ['EXCLUSIVE', 'B'],
      ['SYNCING', 'S'],
    ] as const)("an active %s lock of %s makes it give up", (kind, owner) => {
      const output = step(at('checked'), listed(lock(kind, owner)), upgrader);
      expect(output.state).toStrictEqual(at('released', 0));
      expect(output.effect).toStrictEqual(gaveUp);
      expect(output.note).toBe(`saw locks/${kind}-${owner}`);
    });

    test('with a ttl, expired locks do not block it; a lock is active while clock - stamp < ttl', () => {
      const ctx = context('upgrader', { ttl: 5 });
      const files = listed(lock('EXCLUSIVE', 'B', 10), lock('SYNCING', 'S', 12));
      expect(move(at('checked'), files, ctx, 17).state.pc).toBe('posted');
      expect(move(at('checked'), files, ctx, 16).state.pc).toBe('released');
      expect(step(at('checked'), files, ctx, 16).note).toBe('saw locks/SYNCING-S');
      expect(step(at('checked'), files, ctx, 14).note).toBe('saw locks/EXCLUSIVE-B');
    });

    test('the ttl is judged on the configured stamp', () => {
      const files = listed(lock('EXCLUSIVE', 'B', 0, 10));
      expect(move(at('checked'), files, context('upgrader', { ttl: 5, timestamp: 'server' }), 12).state.pc).toBe('posted');
      expect(move(at('checked'), files, context('upgrader', { ttl: 5, timestamp: 'client' }), 12).state.pc).toBe('released');
    });

    test('with attempts left, it waits retryDelay and starts again', () => {
      const output = step(at('checked', 3), listed(lock('SYNCING', 'S')), context('upgrader', { attempts: 3, retryDelay: 7 }));
      expect(output.state).toStrictEqual(at('start', 2));
      expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 7 });
      expect(output.note).toBe('saw locks/SYNCING-S; retries in 7 ticks');
    });

    test('with retryDelay 0, it retries at once', () => {
      const output = step(at('checked', 2), listed(lock('SYNCING', 'S')), context('upgrader', { attempts: 2, retryDelay: 0 }));
      expect(output.state).toStrictEqual(at('checked', 1));
      expect(output.effect).toStrictEqual(list);
      expect(output.note).toBe('saw locks/SYNCING-S; retries at once');
    });

    test('anything but a list reply is a protocol error', () => {
      expect(() => step(at('checked'), ok, upgrader)).toThrow('write-verify: expected reply listed, got ok');
      expect(() => step(at('checked'), null, upgrader)).toThrow('write-verify: expected reply listed, got none');
    });
  });

  describe('posted: its EXCLUSIVE lock is written', () => {
    test('waits verifyDelay ticks', () => {
      const output = step(at('posted'), ok, context('upgrader', { verifyDelay: 6 }));
      expect(output.state).toStrictEqual(at('verify'));
      expect(output.effect).toStrictEqual({ kind: 'wait', ticks: 6 });
      expect(output.note).toBe('waits 6 ticks before verifying');
    });
    test('verifyDelay 0: lists at once, with no zero-tick wait', () => {
      expect(move(at('posted'), ok, context('upgrader', { verifyDelay: 0 }))).toStrictEqual({ state: at('verifying'), effect: list });
    });
    test('expects an ok', () => {
      expect(() => step(at('posted'), listed(), upgrader)).toThrow('write-verify: expected reply ok, got listed');
    });
  });

  test('verify: after the wait, lists again', () => {
    expect(move(at('verify'), null, upgrader)).toStrictEqual({ state: at('verifying'), effect: list });
  });

  describe('verifying: the second list', () => {
    const enter = { state: at('holding', 1, 1), effect: { kind: 'enter', section: 'exclusive' } };
    const lose = { state: at('abandoning'), effect: deleteExclusive };

    test('alone: holds EXCLUSIVE, with its writes to make', () => {
      const output = step(at('verifying'), listed(lock('EXCLUSIVE', 'A', 3)), context('upgrader', {}, 'A', 3));
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('holding', 1, 3), effect: { kind: 'enter', section: 'exclusive' } });
      expect(output.note).toBe('its lock is the oldest');
    });

    test('an older EXCLUSIVE lock: deletes its own and gives up', () => {
      const output = step(at('verifying'), listed(lock('EXCLUSIVE', 'A', 5), lock('EXCLUSIVE', 'B', 4)), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual(lose);
      expect(output.note).toBe('locks/EXCLUSIVE-B is older');
    });

    test('only younger EXCLUSIVE locks: holds', () => {
      expect(move(at('verifying'), listed(lock('EXCLUSIVE', 'A', 5), lock('EXCLUSIVE', 'B', 6)), upgrader)).toStrictEqual(enter);
    });

    test('equal stamps: the lower client id is older', () => {
      const files = listed(lock('EXCLUSIVE', 'A', 5), lock('EXCLUSIVE', 'B', 5));
      expect(move(at('verifying'), files, context('upgrader', {}, 'A'))).toStrictEqual(enter);
      expect(move(at('verifying'), files, context('upgrader', {}, 'B')).effect).toStrictEqual({ kind: 'delete', name: 'locks/EXCLUSIVE-B' });
    });

    test('an active SYNCING lock: deletes its own and gives up', () => {
      const output = step(at('verifying'), listed(lock('EXCLUSIVE', 'A', 5), lock('SYNCING', 'S', 9)), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual(lose);
      expect(output.note).toBe('saw locks/SYNCING-S');
    });

    test('PENDING locks do not count', () => {
      expect(move(at('verifying'), listed(lock('EXCLUSIVE', 'A', 5), lock('PENDING', 'B', 0)), upgrader)).toStrictEqual(enter);
    });

    describe('timestamp option', () => {
      // B's lock: earlier by the store's clock, later by B's own clock.
      const files = listed(lock('EXCLUSIVE', 'A', 5, 5), lock('EXCLUSIVE', 'B', 3, 8));
      test('server (default): orders by the store mtime', () => {
        expect(move(at('verifying'), files, context('upgrader', { timestamp: 'server' }))).toStrictEqual(lose);
      });
      test('client: orders by the writer clock stamp', () => {
        expect(move(at('verifying'), files, context('upgrader', { timestamp: 'client' }))).toStrictEqual(enter);
      });
    });

    describe('with a ttl', () => {
      const ctx = context('upgrader', { ttl: 4 });
      test('an older but expired lock does not count', () => {
        expect(move(at('verifying'), listed(lock('EXCLUSIVE', 'A', 6), lock('EXCLUSIVE', 'B', 2)), ctx, 7)).toStrictEqual(enter);
        expect(move(at('verifying'), listed(lock('EXCLUSIVE', 'A', 6), lock('EXCLUSIVE', 'B', 4)), ctx, 7)).toStrictEqual(lose);
      });
      test('an expired SYNCING lock does not count', () => {
        expect(move(at('verifying'), listed(lock('EXCLUSIVE', 'A', 6), lock('SYNCING', 'S', 3)), ctx, 7)).toStrictEqual(enter);
      });
      test('its own lock expired (verifyDelay too long for the ttl): gives up', () => {
        const output = step(at('verifying'), listed(lock('EXCLUSIVE', 'A', 2)), ctx, 6);
        expect({ state: output.state, effect: output.effect }).toStrictEqual(lose);
        expect(output.note).toBe('its lock locks/EXCLUSIVE-A has expired');
      });
    });

    test('rewriteOnWin: writes its lock again before it holds', () => {
      const ctx = context('upgrader', { rewriteOnWin: true }, 'A', 2);
      const output = step(at('verifying'), listed(lock('EXCLUSIVE', 'A', 5)), ctx);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('rewritten'), effect: putExclusive });
      expect(output.note).toBe('its lock is the oldest; writes it again');
      expect(move(output.state, ok, ctx)).toStrictEqual({ state: at('holding', 1, 2), effect: { kind: 'enter', section: 'exclusive' } });
    });

    test('rewriteOnWin does not change a loss', () => {
      expect(move(at('verifying'), listed(lock('EXCLUSIVE', 'A', 5), lock('EXCLUSIVE', 'B', 4)), context('upgrader', { rewriteOnWin: true }))).toStrictEqual(lose);
    });

    test('its own lock missing from the list is a protocol error', () => {
      expect(() => step(at('verifying'), listed(lock('EXCLUSIVE', 'B', 4)), upgrader)).toThrow('write-verify: a client always lists its own lock locks/EXCLUSIVE-A');
    });
  });

  describe('abandoning: its lock is deleted', () => {
    test('on its last attempt, gives up for good', () => {
      const output = step(at('abandoning'), ok, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(output.note).toBe('lost the verification');
    });
    test('with attempts left, waits and lists again', () => {
      const ctx = context('upgrader', { attempts: 2, retryDelay: 3 });
      const retry = move(at('abandoning', 2), ok, ctx);
      expect(retry).toStrictEqual({ state: at('start', 1), effect: { kind: 'wait', ticks: 3 } });
      expect(move(retry.state, null, ctx)).toStrictEqual({ state: at('checked', 1), effect: list });
    });
  });

  describe('holding and writing', () => {
    test('makes its data writes one per step, then leaves the section', () => {
      const upgrader = context('upgrader', {}, 'A', 2);
      expect(move(at('holding', 1, 2), null, upgrader)).toStrictEqual({ state: at('wrote', 1, 1), effect: { kind: 'write' } });
      expect(move(at('wrote', 1, 1), ok, upgrader)).toStrictEqual({ state: at('wrote', 1, 0), effect: { kind: 'write' } });
      expect(move(at('wrote', 1, 0), ok, upgrader)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'exclusive' } });
    });
    test('with no writes to make, leaves at once', () => {
      expect(move(at('holding', 1, 0), null, upgrader)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'exclusive' } });
    });
    test('with a ttl, lists to check its lease between writes, but not after the last', () => {
      const ctx = context('upgrader', { ttl: 10 }, 'A', 2);
      expect(move(at('wrote', 1, 1), ok, ctx)).toStrictEqual({ state: at('lease-check', 1, 1), effect: list });
      expect(move(at('wrote', 1, 0), ok, ctx)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'exclusive' } });
    });
    test('a data write is acknowledged with ok', () => {
      expect(() => step(at('wrote', 1, 1), { kind: 'rejected' }, upgrader)).toThrow('write-verify: expected reply ok, got rejected');
    });
  });

  describe('lease-check: between writes, with a ttl', () => {
    const ctx = context('upgrader', { ttl: 10, refreshInterval: 4 }, 'A', 2);
    test('its lock is the active one and fresh: writes', () => {
      expect(move(at('lease-check', 1, 1), listed(lock('EXCLUSIVE', 'A', 10)), ctx, 13)).toStrictEqual({ state: at('wrote', 1, 0), effect: { kind: 'write' } });
    });
    test('refreshInterval ticks since its stamp: puts its lock again, then writes', () => {
      const output = step(at('lease-check', 1, 1), listed(lock('EXCLUSIVE', 'A', 10)), ctx, 14);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('refreshed', 1, 1), effect: putExclusive });
      expect(output.note).toBe('refreshes locks/EXCLUSIVE-A');
      expect(move(output.state, ok, ctx)).toStrictEqual({ state: at('wrote', 1, 0), effect: { kind: 'write' } });
    });
    test('the refresh is judged on the configured stamp', () => {
      const files = listed(lock('EXCLUSIVE', 'A', 10, 12));
      const server = context('upgrader', { ttl: 10, refreshInterval: 4, timestamp: 'server' });
      const client = context('upgrader', { ttl: 10, refreshInterval: 4, timestamp: 'client' });
      expect(move(at('lease-check', 1, 1), files, server, 13).state.pc).toBe('wrote');
      expect(move(at('lease-check', 1, 1), files, server, 14).state.pc).toBe('refreshed');
      expect(move(at('lease-check', 1, 1), files, client, 15).state.pc).toBe('wrote');
      expect(move(at('lease-check', 1, 1), files, client, 16).state.pc).toBe('refreshed');
    });
    test('its lock expired by its own clock: leaves and stops without writing', () => {
      const output = step(at('lease-check', 1, 1), listed(lock('EXCLUSIVE', 'A', 10)), ctx, 20);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('dropping', 1, 1), effect: { kind: 'exit', section: 'exclusive' } });
      expect(output.note).toBe('its lock locks/EXCLUSIVE-A has expired; stops without writing');
    });
    test('an older active EXCLUSIVE lock: leaves and stops without writing', () => {
      const output = step(at('lease-check', 1, 1), listed(lock('EXCLUSIVE', 'A', 10), lock('EXCLUSIVE', 'B', 9)), ctx, 13);
      expect(output.effect).toStrictEqual({ kind: 'exit', section: 'exclusive' });
      expect(output.note).toBe('locks/EXCLUSIVE-B is older; stops without writing');
    });
    test('an older expired lock, a younger lock and SYNCING locks do not matter', () => {
      const files = listed(lock('EXCLUSIVE', 'A', 10), lock('EXCLUSIVE', 'B', 2), lock('EXCLUSIVE', 'C', 12), lock('SYNCING', 'S', 12));
      expect(move(at('lease-check', 1, 1), files, ctx, 13).effect).toStrictEqual({ kind: 'write' });
    });
  });

  test('dropping: deletes its own lock, then stops for good', () => {
    expect(move(at('dropping', 1, 1), null, upgrader)).toStrictEqual({ state: at('dropped', 1, 1), effect: deleteExclusive });
    const output = step(at('dropped', 1, 1), ok, upgrader);
    expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 1, 1), effect: gaveUp });
    expect(output.note).toBe('lost its lock while holding');
  });

  test('releasing: deletes its lock, then done', () => {
    expect(move(at('releasing'), null, upgrader)).toStrictEqual({ state: at('released'), effect: deleteExclusive });
    expect(move(at('released'), ok, upgrader)).toStrictEqual({ state: at('released'), effect: finished });
  });

  test.each(['posted-syncing', 'post-checked'] as const)('has no step from the syncer pc %s', (pc) => {
    expect(() => step(at(pc), ok, upgrader)).toThrow(`write-verify: upgrader has no step from ${pc}`);
  });

  test('a whole winning run with a lease, reply by reply: verify, write, refresh, write', () => {
    const ctx = context('upgrader', { ttl: 12, refreshInterval: 3, verifyDelay: 2 }, 'A', 2);
    const replies: [Reply | null, number, Effect][] = [
      [null, 0, list],
      [listed(lock('EXCLUSIVE', 'B', 0, 0)), 14, putExclusive],
      [ok, 16, { kind: 'wait', ticks: 2 }],
      [null, 18, list],
      [listed(lock('EXCLUSIVE', 'A', 15), lock('EXCLUSIVE', 'B', 0)), 20, { kind: 'enter', section: 'exclusive' }],
      [null, 20, { kind: 'write' }],
      [ok, 22, list],
      [listed(lock('EXCLUSIVE', 'A', 15)), 24, putExclusive],
      [ok, 26, { kind: 'write' }],
      [ok, 28, { kind: 'exit', section: 'exclusive' }],
      [null, 28, deleteExclusive],
      [ok, 30, finished],
    ];
    let state = writeVerify.init(ctx);
    for (const [reply, clockTicks, effect] of replies) {
      const output = step(state, reply, ctx, clockTicks);
      expect(output.effect).toStrictEqual(effect);
      state = output.state;
    }
    expect(state).toStrictEqual(at('released', 1, 0));
  });
});

describe('write-verify syncer, step by step', () => {
  const syncer = context('syncer', {}, 'S', 1);

  test('start: lists first', () => {
    expect(move(at('start'), null, syncer)).toStrictEqual({ state: at('checked'), effect: list });
  });

  describe('checked: the first list', () => {
    test('no active EXCLUSIVE lock: puts SYNCING; PENDING and SYNCING locks do not matter', () => {
      expect(move(at('checked'), listed(lock('PENDING', 'A'), lock('SYNCING', 'T')), syncer)).toStrictEqual({ state: at('posted-syncing'), effect: putSyncing });
    });
    test('an active EXCLUSIVE lock: gives up', () => {
      const output = step(at('checked'), listed(lock('EXCLUSIVE', 'A')), syncer);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(output.note).toBe('saw locks/EXCLUSIVE-A');
    });
    test('an expired EXCLUSIVE lock does not count', () => {
      expect(move(at('checked'), listed(lock('EXCLUSIVE', 'A', 0)), context('syncer', { ttl: 3 }, 'S'), 3).effect).toStrictEqual(putSyncing);
    });
  });

  test('posted-syncing: lists again at once', () => {
    expect(move(at('posted-syncing'), ok, syncer)).toStrictEqual({ state: at('post-checked'), effect: list });
  });

  describe('post-checked: the list after SYNCING', () => {
    test('no active EXCLUSIVE lock: syncs, with its writes to make', () => {
      const output = step(at('post-checked'), listed(lock('SYNCING', 'S'), lock('PENDING', 'A')), context('syncer', {}, 'S', 3));
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('holding', 1, 3), effect: { kind: 'enter', section: 'sync' } });
      expect(output.note).toBe('no active EXCLUSIVE lock listed');
    });
    test('an active EXCLUSIVE lock: deletes SYNCING', () => {
      const output = step(at('post-checked'), listed(lock('SYNCING', 'S'), lock('EXCLUSIVE', 'A')), syncer);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('abandoning'), effect: deleteSyncing });
      expect(output.note).toBe('saw locks/EXCLUSIVE-A');
    });
    test('an expired EXCLUSIVE lock does not count', () => {
      expect(move(at('post-checked'), listed(lock('SYNCING', 'S', 5), lock('EXCLUSIVE', 'A', 1)), context('syncer', { ttl: 4 }, 'S'), 5).state.pc).toBe('holding');
    });
  });

  describe('abandoning', () => {
    test('on its last attempt, gives up for good', () => {
      const output = step(at('abandoning'), ok, syncer);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(output.note).toBe('an EXCLUSIVE lock appeared');
    });
    test('with retryDelay 0, lists again at once', () => {
      expect(move(at('abandoning', 2), ok, context('syncer', { attempts: 2, retryDelay: 0 }, 'S'))).toStrictEqual({ state: at('checked', 1), effect: list });
    });
  });

  test('holding: writes, then leaves sync and deletes SYNCING', () => {
    expect(move(at('holding', 1, 1), null, syncer)).toStrictEqual({ state: at('wrote', 1, 0), effect: { kind: 'write' } });
    expect(move(at('wrote', 1, 0), ok, syncer)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'sync' } });
    expect(move(at('releasing'), null, syncer)).toStrictEqual({ state: at('released'), effect: deleteSyncing });
    expect(move(at('released'), ok, syncer)).toStrictEqual({ state: at('released'), effect: finished });
  });

  describe('lease-check: a syncer keeps its SYNCING lock alive too', () => {
    const ctx = context('syncer', { ttl: 6, refreshInterval: 2 }, 'S', 2);
    test('fresh: writes; an EXCLUSIVE lock appearing does not stop a running sync', () => {
      expect(move(at('lease-check', 1, 1), listed(lock('SYNCING', 'S', 10), lock('EXCLUSIVE', 'A', 10)), ctx, 11).effect).toStrictEqual({ kind: 'write' });
    });
    test('refresh due: puts SYNCING again', () => {
      expect(move(at('lease-check', 1, 1), listed(lock('SYNCING', 'S', 10)), ctx, 12)).toStrictEqual({ state: at('refreshed', 1, 1), effect: putSyncing });
    });
    test('expired: leaves sync, deletes SYNCING, stops', () => {
      const output = step(at('lease-check', 1, 1), listed(lock('SYNCING', 'S', 10)), ctx, 16);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('dropping', 1, 1), effect: { kind: 'exit', section: 'sync' } });
      expect(output.note).toBe('its lock locks/SYNCING-S has expired; stops without writing');
      expect(move(output.state, null, ctx).effect).toStrictEqual(deleteSyncing);
    });
  });

  test.each(['posted', 'verify', 'verifying', 'rewritten'] as const)('has no step from the upgrader pc %s', (pc) => {
    expect(() => step(at(pc), ok, syncer)).toThrow(`write-verify: syncer has no step from ${pc}`);
  });
});

describe('write-verify step guards and describe', () => {
  test('an unknown role is a protocol error', () => {
    expect(() => writeVerify.step(at('start'), { reply: null, clockTicks: 0 }, { ...context('upgrader'), role: 'writer' })).toThrow('write-verify: unknown role writer');
  });

  test('negative attempts left or writes out of range are protocol errors', () => {
    expect(() => step(at('start', -2), null, context('upgrader'))).toThrow('write-verify: attempts left went below unbounded');
    expect(() => step(at('holding', 1, 5), null, context('upgrader', {}, 'A', 1))).toThrow('write-verify: writes left out of range');
  });

  test('describe names the pc, the attempts left, and writes left while holding', () => {
    expect(writeVerify.describe(at('verify', 2))).toBe('waiting to verify (2 attempts left)');
    expect(writeVerify.describe(at('lease-check', 1, 3))).toBe('checking its lease (1 attempts left, 3 writes left)');
  });
});

// The laws every step keeps, checked on steps a client can really take: it
// runs from init against a model of the store (reachable.ts), so every run
// checks the law. Separately, random states and replies, most of them ones no
// client is ever handed, may only be met with the protocol's own error.
const owners = ['A', 'B', 'S'] as const;
const contexts = fc.record({
  id: fc.constantFrom(...owners),
  role: fc.constantFrom<Role>('upgrader', 'syncer'),
  writes: fc.nat(3),
  options: fc
    .record({
      timestamp: fc.constantFrom('client', 'server'),
      verifyDelay: fc.nat(4),
      rewriteOnWin: fc.boolean(),
      ttl: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
      refreshInterval: fc.integer({ min: 1, max: 10 }),
      attempts: fc.integer({ min: 1, max: 3 }),
      retryDelay: fc.nat(4),
    })
    .map((value) => writeVerifyOptions.parse(value)),
});
const reachable = reachableStep(writeVerify, contexts, { owners, kinds: ['EXCLUSIVE', 'SYNCING'] });

const pcs: Pc[] = [
  'start', 'checked', 'posted', 'verify', 'verifying', 'rewritten', 'abandoning', 'posted-syncing', 'post-checked',
  'holding', 'wrote', 'lease-check', 'refreshed', 'dropping', 'dropped', 'releasing', 'released',
];
const anyInput = fc.record({
  context: contexts,
  pc: fc.constantFrom(...pcs),
  attemptsLeft: fc.integer({ min: 1, max: 3 }),
  writesLeft: fc.nat(3),
  reply: anyReply(owners),
  clockTicks: fc.integer({ min: -5, max: 50 }),
});

const numRuns = 100;
let lawRuns = 0;

describe('write-verify laws', () => {
  test.prop([reachable], { numRuns })('step is a pure function: same input, same output, input untouched; counters in range; only its own lock file', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze(sample.state);
    const stepInput = deepFreeze(sample.input);
    const first = stepTwice(() => writeVerify.step(state, stepInput, ctx));
    // A step a client can be asked to take is never a protocol error.
    if (!('output' in first)) expect.fail(`a reachable step threw: ${first.error}`);
    const { output } = first;
    expect(Object.keys(output.state).sort()).toStrictEqual(['attemptsLeft', 'pc', 'writesLeft']);
    expect(output.state.attemptsLeft).toBeLessThanOrEqual(state.attemptsLeft);
    expect(output.state.attemptsLeft).toBeGreaterThanOrEqual(state.attemptsLeft - 1);
    expect(output.state.writesLeft).toBeLessThanOrEqual(ctx.writes);
    expect(output.state.writesLeft).toBeGreaterThanOrEqual(0);
    const effect = output.effect;
    if (effect.kind === 'wait') expect(effect.ticks).toBeGreaterThanOrEqual(1);
    // A client only ever writes or deletes its own lock file, of its role's kind.
    const kind = ctx.role === 'upgrader' ? 'EXCLUSIVE' : 'SYNCING';
    if (effect.kind === 'put' || effect.kind === 'delete') expect(effect.name).toBe(`locks/${kind}-${ctx.id}`);
    expect(['create', 'cas']).not.toContain(effect.kind);
    if (effect.kind === 'write') expect(effect).toStrictEqual({ kind: 'write' });
    if (effect.kind === 'enter' || effect.kind === 'exit') expect(effect.section).toBe(ctx.role === 'upgrader' ? 'exclusive' : 'sync');
    if (effect.kind === 'done') expect(output.state.pc).toBe('released');
    // Without a ttl, a holder never lists or refreshes between writes.
    if (ctx.options.ttl === null) expect(output.state.pc).not.toBe('lease-check');
    lawRuns += 1;
  });

  test(`the law above checked every one of its ${numRuns} runs: no drawn input was skipped`, () => {
    expect(lawRuns).toBe(numRuns);
  });

  test.prop([anyInput], { numRuns: 50 })('on any state and reply, step is deterministic and fails only with a write-verify error', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze({ pc: sample.pc, attemptsLeft: Math.min(sample.attemptsLeft, ctx.options.attempts as number), writesLeft: Math.min(sample.writesLeft, ctx.writes) });
    const first = stepTwice(() => writeVerify.step(state, deepFreeze({ reply: sample.reply, clockTicks: sample.clockTicks }), ctx));
    expect('error' in first ? first.error : 'returned').toMatch(/^(returned$|write-verify: )/);
  });
});
