// lease-fencing, one step at a time: hand-made replies fed to
// `leaseFencing.step` for every pc of both roles, under every option.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ClientContext, Effect, Reply, StepOutput } from '../../../model/protocol.ts';
import { leaseFencing, leaseFencingOptions, type LeaseFencingOptions, type LeaseFencingState } from '../../../model/protocols/leaseFencing.ts';
import { anyReply, conflict, deepFreeze, exclusiveFile, exists, finished, gaveUp, list, listed, lock, ok, rejected, stepTwice } from './replies.ts';
import { leaseFencingMoves, reachableStep } from './reachable.ts';

type Pc = LeaseFencingState['pc'];
type Role = 'upgrader' | 'syncer';

function context(role: Role, options: Partial<LeaseFencingOptions> = {}, id = 'A', writes = 1): ClientContext<LeaseFencingOptions> {
  return { id, role, writes, options: leaseFencingOptions.parse(options) };
}

function at(pc: Pc, attemptsLeft = 1, writesLeft = 0, token: number | null = null, version: number | null = null): LeaseFencingState {
  return { pc, attemptsLeft, writesLeft, token, version };
}

function step(state: LeaseFencingState, reply: Reply | null, ctx: ClientContext<LeaseFencingOptions>, clockTicks = 0): StepOutput<LeaseFencingState> {
  return leaseFencing.step(state, { reply, clockTicks }, ctx);
}

function move(state: LeaseFencingState, reply: Reply | null, ctx: ClientContext<LeaseFencingOptions>, clockTicks = 0): { state: LeaseFencingState; effect: Effect } {
  const output = step(state, reply, ctx, clockTicks);
  return { state: output.state, effect: output.effect };
}

const putPending: Effect = { kind: 'put', name: 'locks/PENDING-A', body: 'PENDING' };
const deletePending: Effect = { kind: 'delete', name: 'locks/PENDING-A' };
const putSyncing: Effect = { kind: 'put', name: 'locks/SYNCING-S', body: 'SYNCING' };
const deleteSyncing: Effect = { kind: 'delete', name: 'locks/SYNCING-S' };
const enterExclusive: Effect = { kind: 'enter', section: 'exclusive' };
const exitExclusive: Effect = { kind: 'exit', section: 'exclusive' };

function cas(owner: string | null, token: number, expectedVersion: number): Effect {
  return { kind: 'cas', name: 'locks/EXCLUSIVE', body: { owner, token }, expectedVersion };
}

/** The EXCLUSIVE file held by `owner` with `token`, stamped at `mtime` (store) and `stamp` (writer), at `version`. */
function heldBy(owner: string | null, token: number, mtime: number, version = 1, stamp = mtime): ReturnType<typeof exclusiveFile> {
  return exclusiveFile(owner ?? 'B', { owner, token }, mtime, stamp, version);
}

describe('lease-fencing options', () => {
  test('defaults', () => {
    expect(leaseFencingOptions.parse({})).toStrictEqual({ timestamp: 'server', ttl: 20, refreshInterval: 5, fenceBeforeEnter: true, pollInterval: 2, attempts: 1, retryDelay: 4 });
  });

  test('ttl null means no lease', () => {
    expect(leaseFencingOptions.parse({ ttl: null }).ttl).toBeNull();
  });

  test('rejects out-of-range and unknown options', () => {
    for (const bad of [{ ttl: 0 }, { refreshInterval: 0 }, { pollInterval: 0 }, { attempts: 0 }, { retryDelay: -1 }, { timestamp: 'x' }, { verifyDelay: 1 }]) {
      expect(leaseFencingOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('lease-fencing init and shape', () => {
  test('starts with no token and no version', () => {
    expect(leaseFencing.init(context('upgrader', { attempts: 2 }))).toStrictEqual(at('start', 2));
  });

  test('declares its roles, sections, and that it needs create-if-absent (and so compare-and-swap)', () => {
    expect(leaseFencing.name).toBe('lease-fencing');
    expect(leaseFencing.roles).toStrictEqual(['upgrader', 'syncer']);
    expect(leaseFencing.sections).toStrictEqual(['exclusive', 'sync']);
    expect(leaseFencing.requires).toStrictEqual({ createIfAbsent: true });
  });
});

describe('lease-fencing upgrader, step by step', () => {
  const upgrader = context('upgrader', { ttl: 10, refreshInterval: 4 }, 'A', 2);

  test('start: lists', () => {
    expect(move(at('start'), null, upgrader)).toStrictEqual({ state: at('checked'), effect: list });
  });

  describe('checked: the first list', () => {
    test('nothing in the way: posts PENDING', () => {
      expect(move(at('checked'), listed(lock('SYNCING', 'S'), lock('PENDING', 'A')), upgrader)).toStrictEqual({ state: at('posted-pending'), effect: putPending });
    });
    test("another's PENDING lock: gives up", () => {
      const output = step(at('checked'), listed(lock('PENDING', 'B')), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(output.note).toBe('saw locks/PENDING-B');
    });
    test('an active EXCLUSIVE file: gives up', () => {
      const output = step(at('checked'), listed(heldBy('B', 3, 5)), upgrader, 14);
      expect(output.effect).toStrictEqual(gaveUp);
      expect(output.note).toBe('B holds locks/EXCLUSIVE');
    });
    test('an expired or released EXCLUSIVE file: goes on, to take it over', () => {
      expect(move(at('checked'), listed(heldBy('B', 3, 5)), upgrader, 15).effect).toStrictEqual(putPending);
      expect(move(at('checked'), listed(heldBy(null, 3, 5)), upgrader, 6).effect).toStrictEqual(putPending);
    });
    test('with ttl null, an owned EXCLUSIVE file never expires', () => {
      expect(move(at('checked'), listed(heldBy('B', 3, 5)), context('upgrader', { ttl: null }), 1000).effect).toStrictEqual(gaveUp);
    });
    test('the lease is judged on the configured stamp', () => {
      const file = heldBy('B', 3, 0, 1, 8);
      expect(move(at('checked'), listed(file), context('upgrader', { ttl: 10, timestamp: 'server' }), 12).effect).toStrictEqual(putPending);
      expect(move(at('checked'), listed(file), context('upgrader', { ttl: 10, timestamp: 'client' }), 12).effect).toStrictEqual(gaveUp);
    });
    test('with attempts left, retries', () => {
      expect(move(at('checked', 2), listed(lock('PENDING', 'B')), context('upgrader', { attempts: 2, retryDelay: 3 }))).toStrictEqual({
        state: at('start', 1),
        effect: { kind: 'wait', ticks: 3 },
      });
    });
  });

  test('posted-pending and poll: list', () => {
    expect(move(at('posted-pending'), ok, upgrader)).toStrictEqual({ state: at('polled'), effect: list });
    expect(move(at('poll'), null, upgrader)).toStrictEqual({ state: at('polled'), effect: list });
  });

  describe('polled: the decision', () => {
    test('a SYNCING lock: waits pollInterval', () => {
      expect(move(at('polled'), listed(lock('SYNCING', 'S')), context('upgrader', { pollInterval: 4 }))).toStrictEqual({ state: at('poll'), effect: { kind: 'wait', ticks: 4 } });
    });
    test('no EXCLUSIVE file listed: creates it with token 1', () => {
      const output = step(at('polled'), listed(lock('PENDING', 'A')), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({
        state: at('creating', 1, 0, 1, 1),
        effect: { kind: 'create', name: 'locks/EXCLUSIVE', body: { owner: 'A', token: 1 } },
      });
    });
    test('an active EXCLUSIVE file: deletes its PENDING lock and gives up', () => {
      const output = step(at('polled'), listed(heldBy('B', 3, 5)), upgrader, 14);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('abandoning'), effect: deletePending });
      expect(output.note).toBe('B holds locks/EXCLUSIVE');
    });
    test('an expired EXCLUSIVE file: compare-and-swap on its version, token + 1', () => {
      const output = step(at('polled'), listed(heldBy('B', 3, 5, 7)), upgrader, 15);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('taking-over', 1, 0, 4, 8), effect: cas('A', 4, 7) });
      expect(output.note).toBe("B's lease on locks/EXCLUSIVE has expired: takes it over with token 4");
    });
    test('a released EXCLUSIVE file: compare-and-swap too, however fresh', () => {
      const output = step(at('polled'), listed(heldBy(null, 2, 5, 3)), upgrader, 5);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('taking-over', 1, 0, 3, 4), effect: cas('A', 3, 3) });
      expect(output.note).toBe('locks/EXCLUSIVE is released: takes it over with token 3');
    });
    test('an EXCLUSIVE file without a token is a protocol error', () => {
      expect(() => step(at('polled'), listed(exclusiveFile('B', { owner: null })), upgrader)).toThrow('lease-fencing: locks/EXCLUSIVE has no token');
    });
    test('a malformed EXCLUSIVE body is a protocol error', () => {
      expect(() => step(at('polled'), listed(exclusiveFile('B', 'EXCLUSIVE')), upgrader)).toThrow('exclusive file: expected a body { owner, token }');
    });
  });

  describe('creating and taking-over', () => {
    test('create ok: deletes its PENDING lock, fences the store with token 1, then enters holding it', () => {
      expect(move(at('creating', 1, 0, 1, 1), ok, upgrader)).toStrictEqual({ state: at('won', 1, 0, 1, 1), effect: deletePending });
      expect(move(at('won', 1, 0, 1, 1), ok, upgrader)).toStrictEqual({ state: at('fencing', 1, 0, 1, 1), effect: { kind: 'write', token: 1 } });
      const output = step(at('fencing', 1, 0, 1, 1), ok, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('holding', 1, 2, 1, 1), effect: enterExclusive });
      expect(output.note).toBe('holds token 1');
    });
    test('a rejected fence: a newer token has written, so it never enters', () => {
      const output = step(at('fencing', 1, 0, 1, 1), { kind: 'rejected' }, upgrader);
      expect(output.effect).toStrictEqual({ kind: 'done', outcome: 'gave-up' });
      expect(output.state).toMatchObject({ token: null, version: null });
      expect(output.note).toContain('rejected its fence');
    });
    test('fenceBeforeEnter: false enters right after deleting PENDING', () => {
      const unfenced = context('upgrader', { ttl: 10, refreshInterval: 4, fenceBeforeEnter: false }, 'A', 2);
      expect(move(at('won', 1, 0, 1, 1), ok, unfenced)).toStrictEqual({ state: at('holding', 1, 2, 1, 1), effect: enterExclusive });
    });
    test('exists: forgets the token, deletes PENDING, gives up', () => {
      const output = step(at('creating', 1, 0, 1, 1), exists, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('abandoning'), effect: deletePending });
      expect(output.note).toBe('locks/EXCLUSIVE exists');
    });
    test('take-over ok: like a create', () => {
      expect(move(at('taking-over', 1, 0, 4, 8), ok, upgrader)).toStrictEqual({ state: at('won', 1, 0, 4, 8), effect: deletePending });
    });
    test('take-over conflict: someone changed the file first', () => {
      const output = step(at('taking-over', 1, 0, 4, 8), conflict, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('abandoning'), effect: deletePending });
      expect(output.note).toBe('locks/EXCLUSIVE changed first');
    });
    test('won without a token is a protocol error', () => {
      expect(() => step(at('won'), ok, upgrader)).toThrow('lease-fencing: a holder has a token and a version (at won)');
    });
  });

  test('abandoning: gives up or retries', () => {
    expect(move(at('abandoning'), ok, upgrader)).toStrictEqual({ state: at('released', 0), effect: gaveUp });
    expect(move(at('abandoning', 2), ok, context('upgrader', { attempts: 2, retryDelay: 0 }))).toStrictEqual({ state: at('checked', 1), effect: list });
  });

  describe('holding: fenced writes', () => {
    test('every data write carries its token', () => {
      expect(move(at('holding', 1, 2, 4, 8), null, upgrader)).toStrictEqual({ state: at('wrote', 1, 1, 4, 8), effect: { kind: 'write', token: 4 } });
    });
    test('with writes left and a ttl: lists to check its lease', () => {
      expect(move(at('wrote', 1, 1, 4, 8), ok, upgrader)).toStrictEqual({ state: at('lease-check', 1, 1, 4, 8), effect: list });
    });
    test('with ttl null: writes on without checking', () => {
      const ctx = context('upgrader', { ttl: null }, 'A', 2);
      expect(move(at('wrote', 1, 1, 4, 8), ok, ctx)).toStrictEqual({ state: at('wrote', 1, 0, 4, 8), effect: { kind: 'write', token: 4 } });
    });
    test('after the last write: leaves the section', () => {
      expect(move(at('wrote', 1, 0, 4, 8), ok, upgrader)).toStrictEqual({ state: at('releasing', 1, 0, 4, 8), effect: exitExclusive });
    });
    test('a rejected write: leaves and stops without writing', () => {
      const output = step(at('wrote', 1, 1, 4, 8), rejected, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('dropped', 1, 1, 4, 8), effect: exitExclusive });
      expect(output.note).toBe('the store rejected its write: a newer token has written; stops without writing');
      expect(move(output.state, null, upgrader)).toStrictEqual({ state: at('released', 1, 1), effect: gaveUp });
    });
  });

  describe('lease-check', () => {
    const mine = (mtime: number, version = 8) => heldBy('A', 4, mtime, version);
    test('its own, fresh: writes', () => {
      expect(move(at('lease-check', 1, 1, 4, 8), listed(mine(10)), upgrader, 13)).toStrictEqual({ state: at('wrote', 1, 0, 4, 8), effect: { kind: 'write', token: 4 } });
    });
    test('refresh due: compare-and-swap on its own version, same token; ok bumps its version and writes', () => {
      const output = step(at('lease-check', 1, 1, 4, 8), listed(mine(10)), upgrader, 14);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('refreshing', 1, 1, 4, 8), effect: cas('A', 4, 8) });
      expect(output.note).toBe('refreshes its lease');
      expect(move(output.state, ok, upgrader)).toStrictEqual({ state: at('wrote', 1, 0, 4, 9), effect: { kind: 'write', token: 4 } });
    });
    test('refresh conflict: lost, leaves', () => {
      const output = step(at('refreshing', 1, 1, 4, 8), conflict, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('dropped', 1, 1, 4, 8), effect: exitExclusive });
      expect(output.note).toBe('locks/EXCLUSIVE changed under it; stops without writing');
    });
    test('expired by its own clock: leaves', () => {
      const output = step(at('lease-check', 1, 1, 4, 8), listed(mine(10)), upgrader, 20);
      expect(output.effect).toStrictEqual(exitExclusive);
      expect(output.note).toBe('its lease has expired; stops without writing');
    });
    test('taken over (another owner, or its own id with another token): leaves', () => {
      const output = step(at('lease-check', 1, 1, 4, 8), listed(heldBy('B', 5, 12, 9)), upgrader, 13);
      expect(output.effect).toStrictEqual(exitExclusive);
      expect(output.note).toBe('locks/EXCLUSIVE now belongs to B with token 5; stops without writing');
      expect(step(at('lease-check', 1, 1, 4, 8), listed(heldBy('A', 6, 12, 9)), upgrader, 13).effect).toStrictEqual(exitExclusive);
      expect(step(at('lease-check', 1, 1, 4, 8), listed(heldBy(null, 4, 12, 9)), upgrader, 13).note).toBe('locks/EXCLUSIVE now belongs to nobody with token 4; stops without writing');
    });
    test('the EXCLUSIVE file missing, or its own at another version, is a protocol error', () => {
      expect(() => step(at('lease-check', 1, 1, 4, 8), listed(), upgrader)).toThrow('lease-fencing: a holder always lists locks/EXCLUSIVE: nobody deletes it');
      expect(() => step(at('lease-check', 1, 1, 4, 8), listed(mine(10, 7)), upgrader, 11)).toThrow('lease-fencing: its own locks/EXCLUSIVE has version 7, not 8');
    });
  });

  describe('releasing', () => {
    test('compare-and-swap to owner null, keeping the token', () => {
      expect(move(at('releasing', 1, 0, 4, 9), null, upgrader)).toStrictEqual({ state: at('unlocking', 1, 0, 4, 9), effect: cas(null, 4, 9) });
    });
    test('ok or conflict: finished', () => {
      const released = step(at('unlocking', 1, 0, 4, 9), ok, upgrader);
      expect({ state: released.state, effect: released.effect }).toStrictEqual({ state: at('released'), effect: finished });
      expect(released.note).toBe('released its lock');
      const taken = step(at('unlocking', 1, 0, 4, 9), conflict, upgrader);
      expect({ state: taken.state, effect: taken.effect }).toStrictEqual({ state: at('released'), effect: finished });
      expect(taken.note).toBe('already taken over');
    });
  });

  test("has no step from the syncer's pc posted-syncing", () => {
    expect(() => step(at('posted-syncing'), ok, upgrader)).toThrow('lease-fencing: upgrader has no step from posted-syncing');
  });

  test('a whole take-over run, reply by reply: expired lease, CAS, write, refresh, write, release', () => {
    const ctx = context('upgrader', { ttl: 10, refreshInterval: 3 }, 'A', 2);
    const stale = heldBy('B', 2, 0, 5);
    const replies: [Reply | null, number, Effect][] = [
      [null, 10, list],
      [listed(stale), 12, putPending],
      [ok, 14, list],
      [listed(stale, lock('PENDING', 'A')), 16, cas('A', 3, 5)],
      [ok, 18, deletePending],
      [ok, 19, { kind: 'write', token: 3 }],
      [ok, 20, enterExclusive],
      [null, 20, { kind: 'write', token: 3 }],
      [ok, 22, list],
      [listed(heldBy('A', 3, 17, 6)), 24, cas('A', 3, 6)],
      [ok, 26, { kind: 'write', token: 3 }],
      [ok, 28, exitExclusive],
      [null, 28, cas(null, 3, 7)],
      [ok, 30, finished],
    ];
    let state = leaseFencing.init(ctx);
    for (const [reply, clockTicks, effect] of replies) {
      const output = step(state, reply, ctx, clockTicks);
      expect(output.effect).toStrictEqual(effect);
      state = output.state;
    }
    expect(state).toStrictEqual(at('released'));
  });
});

describe('lease-fencing syncer, step by step', () => {
  const syncer = context('syncer', { ttl: 10 }, 'S', 1);

  test('post-then-check: posts SYNCING, then lists', () => {
    expect(move(at('start'), null, syncer)).toStrictEqual({ state: at('posted-syncing'), effect: putSyncing });
    expect(move(at('posted-syncing'), ok, syncer)).toStrictEqual({ state: at('checked'), effect: list });
  });

  describe('checked', () => {
    test('a PENDING lock or an active EXCLUSIVE file: deletes SYNCING', () => {
      expect(move(at('checked'), listed(lock('PENDING', 'A')), syncer)).toStrictEqual({ state: at('abandoning'), effect: deleteSyncing });
      const output = step(at('checked'), listed(heldBy('A', 1, 5)), syncer, 14);
      expect(output.effect).toStrictEqual(deleteSyncing);
      expect(output.note).toBe('saw locks/EXCLUSIVE');
    });
    test('an expired or released EXCLUSIVE file does not block it: syncs, writing without a token', () => {
      expect(move(at('checked'), listed(heldBy('A', 1, 5)), syncer, 15)).toStrictEqual({ state: at('holding', 1, 1), effect: { kind: 'enter', section: 'sync' } });
      expect(move(at('checked'), listed(heldBy(null, 1, 5)), syncer, 6).effect).toStrictEqual({ kind: 'enter', section: 'sync' });
      expect(move(at('holding', 1, 1), null, syncer).effect).toStrictEqual({ kind: 'write' });
    });
  });

  test('abandoning, holding, releasing', () => {
    expect(move(at('abandoning'), ok, syncer)).toStrictEqual({ state: at('released', 0), effect: gaveUp });
    expect(move(at('holding', 1, 0), ok, syncer)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'sync' } });
    expect(move(at('releasing'), null, syncer)).toStrictEqual({ state: at('released'), effect: deleteSyncing });
    expect(move(at('released'), ok, syncer)).toStrictEqual({ state: at('released'), effect: finished });
  });

  test('a syncer with a token is a protocol error', () => {
    expect(() => step(at('start', 1, 0, 1, 1), null, syncer)).toThrow('lease-fencing: a syncer holds no token');
  });

  test.each(['posted-pending', 'poll', 'polled', 'creating', 'taking-over', 'won', 'wrote', 'lease-check', 'refreshing', 'dropped', 'unlocking'] as const)(
    'has no step from the upgrader pc %s',
    (pc) => {
      expect(() => step(at(pc), ok, syncer)).toThrow(`lease-fencing: syncer has no step from ${pc}`);
    },
  );
});

describe('lease-fencing describe', () => {
  test('shows the token while it has one', () => {
    expect(leaseFencing.describe(at('lease-check', 1, 2, 4, 8))).toBe('checking its lease (1 attempts left, 2 writes left, token 4)');
    expect(leaseFencing.describe(at('checked'))).toBe('checking the locks (1 attempts left)');
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
      ttl: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
      refreshInterval: fc.integer({ min: 1, max: 10 }),
      pollInterval: fc.integer({ min: 1, max: 4 }),
      attempts: fc.integer({ min: 1, max: 3 }),
      retryDelay: fc.nat(4),
    })
    .map((value) => leaseFencingOptions.parse(value)),
});
const reachable = reachableStep(leaseFencing, contexts, { owners, kinds: ['PENDING', 'SYNCING'], exclusiveMoves: leaseFencingMoves });

const pcs: Pc[] = [
  'start', 'checked', 'posted-pending', 'poll', 'polled', 'creating', 'taking-over', 'won', 'abandoning', 'posted-syncing',
  'holding', 'wrote', 'lease-check', 'refreshing', 'dropped', 'releasing', 'unlocking', 'released',
];
const holderPcs: Pc[] = ['creating', 'taking-over', 'won', 'holding', 'wrote', 'lease-check', 'refreshing', 'dropped', 'releasing', 'unlocking'];
const anyInput = fc.record({
  context: contexts,
  pc: fc.constantFrom(...pcs),
  attemptsLeft: fc.integer({ min: 1, max: 3 }),
  writesLeft: fc.nat(3),
  holding: fc.option(fc.record({ token: fc.integer({ min: 1, max: 4 }), version: fc.integer({ min: 1, max: 4 }) }), { nil: null }),
  reply: anyReply(owners),
  clockTicks: fc.integer({ min: -5, max: 50 }),
});

const numRuns = 100;
let lawRuns = 0;

describe('lease-fencing laws', () => {
  test.prop([reachable], { numRuns })('step is a pure function; tokens only go up; only its own files and the EXCLUSIVE file are touched, never deleted', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze(sample.state);
    const stepInput = deepFreeze(sample.input);
    const first = stepTwice(() => leaseFencing.step(state, stepInput, ctx));
    // A step a client can be asked to take is never a protocol error.
    if (!('output' in first)) expect.fail(`a reachable step threw: ${first.error}`);
    const { output } = first;
    expect(output.state.attemptsLeft).toBeLessThanOrEqual(state.attemptsLeft);
    expect(output.state.attemptsLeft).toBeGreaterThanOrEqual(state.attemptsLeft - 1);
    expect(output.state.writesLeft).toBeLessThanOrEqual(ctx.writes);
    expect(output.state.writesLeft).toBeGreaterThanOrEqual(0);
    expect((output.state.token === null) === (output.state.version === null)).toBe(true);
    const effect = output.effect;
    if (effect.kind === 'wait') expect(effect.ticks).toBeGreaterThanOrEqual(1);
    const own = `locks/${ctx.role === 'upgrader' ? 'PENDING' : 'SYNCING'}-${ctx.id}`;
    if (effect.kind === 'put' || effect.kind === 'delete') expect(effect.name).toBe(own);
    if (effect.kind === 'create') expect(effect).toStrictEqual({ kind: 'create', name: 'locks/EXCLUSIVE', body: { owner: ctx.id, token: 1 } });
    if (effect.kind === 'cas') {
      expect(ctx.role).toBe('upgrader');
      expect(effect.name).toBe('locks/EXCLUSIVE');
      const body = effect.body as { owner: string | null; token: number };
      expect([ctx.id, null]).toContain(body.owner);
      // A take-over or refresh names the token it will hold; a release keeps its token.
      if (body.owner !== null) expect(body.token).toBe(output.state.token);
      else expect(body.token).toBe(state.token);
      expect(effect.expectedVersion).toBeGreaterThanOrEqual(1);
    }
    if (effect.kind === 'write') {
      if (ctx.role === 'upgrader') expect(effect).toStrictEqual({ kind: 'write', token: state.token });
      else expect(effect).toStrictEqual({ kind: 'write' });
    }
    if (effect.kind === 'enter' || effect.kind === 'exit') expect(effect.section).toBe(ctx.role === 'upgrader' ? 'exclusive' : 'sync');
    if (effect.kind === 'done') expect(output.state.pc).toBe('released');
    // A token only changes when taking the file (up from the listed one), or is dropped.
    if (state.token !== null && output.state.token !== null) expect(output.state.token).toBe(state.token);
    lawRuns += 1;
  });

  test(`the law above checked every one of its ${numRuns} runs: no drawn input was skipped`, () => {
    expect(lawRuns).toBe(numRuns);
  });

  test.prop([anyInput], { numRuns: 50 })('on any state and reply, step is deterministic and fails only with a lease-fencing or exclusive-file error', (sample) => {
    const ctx = deepFreeze(sample.context);
    // Only an upgrader between its create or take-over and its release has a token.
    const holds = ctx.role === 'upgrader' && holderPcs.includes(sample.pc) ? sample.holding : null;
    const state = deepFreeze({
      pc: sample.pc,
      attemptsLeft: Math.min(sample.attemptsLeft, ctx.options.attempts as number),
      writesLeft: Math.min(sample.writesLeft, ctx.writes),
      token: holds?.token ?? null,
      version: holds?.version ?? null,
    });
    const first = stepTwice(() => leaseFencing.step(state, deepFreeze({ reply: sample.reply, clockTicks: sample.clockTicks }), ctx));
    expect('error' in first ? first.error : 'returned').toMatch(/^(returned$|(lease-fencing|exclusive file): )/);
  });
});
