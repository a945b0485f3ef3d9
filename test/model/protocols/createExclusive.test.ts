// create-exclusive, one step at a time: hand-made replies fed to
// `createExclusive.step` for every pc of both roles, under every option.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ClientContext, Effect, Reply, StepOutput } from '../../../model/protocol.ts';
import {
  createExclusive,
  createExclusiveOptions,
  type CreateExclusiveOptions,
  type CreateExclusiveState,
} from '../../../model/protocols/createExclusive.ts';
import { anyReply, deepFreeze, exclusiveFile, exists, finished, gaveUp, list, listed, lock, ok, stepTwice } from './replies.ts';
import { createExclusiveMoves, reachableStep } from './reachable.ts';

type Pc = CreateExclusiveState['pc'];
type Role = 'upgrader' | 'syncer';

function context(role: Role, options: Partial<CreateExclusiveOptions> = {}, id = 'A', writes = 1): ClientContext<CreateExclusiveOptions> {
  return { id, role, writes, options: createExclusiveOptions.parse(options) };
}

function at(pc: Pc, attemptsLeft = 1, writesLeft = 0): CreateExclusiveState {
  return { pc, attemptsLeft, writesLeft };
}

function step(state: CreateExclusiveState, reply: Reply | null, ctx: ClientContext<CreateExclusiveOptions>, clockTicks = 0): StepOutput<CreateExclusiveState> {
  return createExclusive.step(state, { reply, clockTicks }, ctx);
}

function move(state: CreateExclusiveState, reply: Reply | null, ctx: ClientContext<CreateExclusiveOptions>): { state: CreateExclusiveState; effect: Effect } {
  const output = step(state, reply, ctx);
  return { state: output.state, effect: output.effect };
}

const putPending: Effect = { kind: 'put', name: 'locks/PENDING-A', body: 'PENDING' };
const deletePending: Effect = { kind: 'delete', name: 'locks/PENDING-A' };
const createExclusiveFile: Effect = { kind: 'create', name: 'locks/EXCLUSIVE', body: { owner: 'A' } };
const putSyncing: Effect = { kind: 'put', name: 'locks/SYNCING-S', body: 'SYNCING' };
const deleteSyncing: Effect = { kind: 'delete', name: 'locks/SYNCING-S' };
const held = exclusiveFile('B', { owner: 'B' });

describe('create-exclusive options', () => {
  test('defaults', () => {
    expect(createExclusiveOptions.parse({})).toStrictEqual({ pollInterval: 2, attempts: 1, retryDelay: 4 });
  });

  test('rejects out-of-range and unknown options, and options that do not apply (no timestamps, no lease)', () => {
    for (const bad of [{ pollInterval: 0 }, { attempts: 0 }, { retryDelay: -1 }, { timestamp: 'server' }, { ttl: 5 }, { verifyDelay: 1 }]) {
      expect(createExclusiveOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('create-exclusive init and shape', () => {
  test('starts at start with every attempt left', () => {
    expect(createExclusive.init(context('upgrader', { attempts: 2 }))).toStrictEqual(at('start', 2, 0));
  });

  test('rejects negative writes', () => {
    expect(() => createExclusive.init(context('syncer', {}, 'S', -1))).toThrow('create-exclusive: writes must be a non-negative integer');
  });

  test('declares its roles, sections, and that it needs create-if-absent', () => {
    expect(createExclusive.name).toBe('create-exclusive');
    expect(createExclusive.roles).toStrictEqual(['upgrader', 'syncer']);
    expect(createExclusive.sections).toStrictEqual(['exclusive', 'sync']);
    expect(createExclusive.requires).toStrictEqual({ createIfAbsent: true });
  });
});

describe('create-exclusive upgrader, step by step', () => {
  const upgrader = context('upgrader');

  test('start: lists the locks', () => {
    expect(move(at('start'), null, upgrader)).toStrictEqual({ state: at('checked'), effect: list });
  });

  describe('checked: the first list', () => {
    test('no PENDING lock of another and no EXCLUSIVE file: posts PENDING', () => {
      expect(move(at('checked'), listed(lock('SYNCING', 'S'), lock('PENDING', 'A'), lock('EXCLUSIVE', 'B')), upgrader)).toStrictEqual({
        state: at('posted-pending'),
        effect: putPending,
      });
    });
    test("another's PENDING lock: gives up", () => {
      const output = step(at('checked'), listed(lock('PENDING', 'B')), upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(output.note).toBe('saw locks/PENDING-B');
    });
    test('the EXCLUSIVE file: gives up, whoever owns it', () => {
      expect(step(at('checked'), listed(held), upgrader).note).toBe('saw locks/EXCLUSIVE');
      expect(step(at('checked'), listed(exclusiveFile('A', { owner: 'A' })), upgrader).effect).toStrictEqual(gaveUp);
    });
    test('with attempts left, waits retryDelay; with retryDelay 0, lists again at once', () => {
      expect(move(at('checked', 2), listed(held), context('upgrader', { attempts: 2, retryDelay: 5 }))).toStrictEqual({
        state: at('start', 1),
        effect: { kind: 'wait', ticks: 5 },
      });
      expect(move(at('checked', 2), listed(held), context('upgrader', { attempts: 2, retryDelay: 0 }))).toStrictEqual({ state: at('checked', 1), effect: list });
    });
  });

  test('posted-pending and poll: list for SYNCING locks', () => {
    expect(move(at('posted-pending'), ok, upgrader)).toStrictEqual({ state: at('polled'), effect: list });
    expect(move(at('poll'), null, upgrader)).toStrictEqual({ state: at('polled'), effect: list });
    expect(() => step(at('posted-pending'), exists, upgrader)).toThrow('create-exclusive: expected reply ok, got exists');
  });

  describe('polled', () => {
    test('a SYNCING lock listed: waits pollInterval', () => {
      const output = step(at('polled'), listed(lock('PENDING', 'A'), lock('SYNCING', 'S')), context('upgrader', { pollInterval: 3 }));
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('poll'), effect: { kind: 'wait', ticks: 3 } });
      expect(output.note).toBe('waits for locks/SYNCING-S');
    });
    test('none: creates the EXCLUSIVE file if absent, even if it is listed (the store decides)', () => {
      expect(move(at('polled'), listed(lock('PENDING', 'A')), upgrader)).toStrictEqual({ state: at('creating'), effect: createExclusiveFile });
      expect(move(at('polled'), listed(lock('PENDING', 'A'), lock('PENDING', 'B'), held), upgrader)).toStrictEqual({ state: at('creating'), effect: createExclusiveFile });
    });
  });

  describe('creating', () => {
    test('ok: enters the exclusive section, keeping its PENDING lock', () => {
      const output = step(at('creating'), ok, context('upgrader', {}, 'A', 2));
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('holding', 1, 2), effect: { kind: 'enter', section: 'exclusive' } });
      expect(output.note).toBe('created locks/EXCLUSIVE');
    });
    test('exists: deletes its PENDING lock, then gives up', () => {
      const output = step(at('creating'), exists, upgrader);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('abandoning'), effect: deletePending });
      expect(output.note).toBe('locks/EXCLUSIVE exists');
      const after = step(output.state, ok, upgrader);
      expect({ state: after.state, effect: after.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(after.note).toBe('another client holds EXCLUSIVE');
    });
    test('any other reply is a protocol error', () => {
      expect(() => step(at('creating'), { kind: 'conflict' }, upgrader)).toThrow('create-exclusive: expected reply ok or exists, got conflict');
    });
  });

  test('abandoning with attempts left: retries from the first list', () => {
    const ctx = context('upgrader', { attempts: 2, retryDelay: 1 });
    const retry = move(at('abandoning', 2), ok, ctx);
    expect(retry).toStrictEqual({ state: at('start', 1), effect: { kind: 'wait', ticks: 1 } });
    expect(move(retry.state, null, ctx)).toStrictEqual({ state: at('checked', 1), effect: list });
  });

  test('holding: writes, then leaves; releasing deletes the EXCLUSIVE file, then its PENDING lock', () => {
    expect(move(at('holding', 1, 1), null, upgrader)).toStrictEqual({ state: at('holding', 1, 0), effect: { kind: 'write' } });
    expect(move(at('holding', 1, 0), ok, upgrader)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'exclusive' } });
    expect(move(at('releasing'), null, upgrader)).toStrictEqual({ state: at('released-main'), effect: { kind: 'delete', name: 'locks/EXCLUSIVE' } });
    expect(move(at('released-main'), ok, upgrader)).toStrictEqual({ state: at('released'), effect: deletePending });
    expect(move(at('released'), ok, upgrader)).toStrictEqual({ state: at('released'), effect: finished });
  });

  test("has no step from the syncer's pc posted-syncing", () => {
    expect(() => step(at('posted-syncing'), ok, upgrader)).toThrow('create-exclusive: upgrader has no step from posted-syncing');
  });

  test('a whole winning run, reply by reply, with a syncer to wait for', () => {
    const ctx = context('upgrader', { pollInterval: 3 }, 'A', 1);
    const replies: [Reply | null, Effect][] = [
      [null, list],
      [listed(lock('SYNCING', 'S')), putPending],
      [ok, list],
      [listed(lock('PENDING', 'A'), lock('SYNCING', 'S')), { kind: 'wait', ticks: 3 }],
      [null, list],
      [listed(lock('PENDING', 'A')), createExclusiveFile],
      [ok, { kind: 'enter', section: 'exclusive' }],
      [null, { kind: 'write' }],
      [ok, { kind: 'exit', section: 'exclusive' }],
      [null, { kind: 'delete', name: 'locks/EXCLUSIVE' }],
      [ok, deletePending],
      [ok, finished],
    ];
    let state = createExclusive.init(ctx);
    for (const [reply, effect] of replies) {
      const output = step(state, reply, ctx);
      expect(output.effect).toStrictEqual(effect);
      state = output.state;
    }
    expect(state).toStrictEqual(at('released', 1, 0));
  });
});

describe('create-exclusive syncer (post-then-check), step by step', () => {
  const syncer = context('syncer', {}, 'S', 1);

  test('start: posts SYNCING first', () => {
    expect(move(at('start'), null, syncer)).toStrictEqual({ state: at('posted-syncing'), effect: putSyncing });
  });

  test('posted-syncing: then lists', () => {
    expect(move(at('posted-syncing'), ok, syncer)).toStrictEqual({ state: at('checked'), effect: list });
  });

  describe('checked', () => {
    test('no PENDING lock and no EXCLUSIVE file: syncs', () => {
      const output = step(at('checked'), listed(lock('SYNCING', 'S'), lock('SYNCING', 'T')), context('syncer', {}, 'S', 2));
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('holding', 1, 2), effect: { kind: 'enter', section: 'sync' } });
      expect(output.note).toBe('no PENDING or EXCLUSIVE lock listed');
    });
    test.each([
      [lock('PENDING', 'A'), 'locks/PENDING-A'],
      [held, 'locks/EXCLUSIVE'],
    ])('%#: a PENDING lock or the EXCLUSIVE file makes it delete SYNCING', (file, name) => {
      const output = step(at('checked'), listed(lock('SYNCING', 'S'), file), syncer);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('abandoning'), effect: deleteSyncing });
      expect(output.note).toBe(`saw ${name}`);
    });
  });

  describe('abandoning', () => {
    test('on its last attempt, gives up', () => {
      const output = step(at('abandoning'), ok, syncer);
      expect({ state: output.state, effect: output.effect }).toStrictEqual({ state: at('released', 0), effect: gaveUp });
      expect(output.note).toBe('a PENDING or EXCLUSIVE lock appeared');
    });
    test('with attempts left, waits then posts again; with retryDelay 0, posts again at once', () => {
      const ctx = context('syncer', { attempts: 2, retryDelay: 2 }, 'S');
      const retry = move(at('abandoning', 2), ok, ctx);
      expect(retry).toStrictEqual({ state: at('start', 1), effect: { kind: 'wait', ticks: 2 } });
      expect(move(retry.state, null, ctx).effect).toStrictEqual(putSyncing);
      expect(move(at('abandoning', 2), ok, context('syncer', { attempts: 2, retryDelay: 0 }, 'S'))).toStrictEqual({ state: at('posted-syncing', 1), effect: putSyncing });
    });
  });

  test('holding: writes, leaves, deletes SYNCING, done', () => {
    expect(move(at('holding', 1, 1), null, syncer)).toStrictEqual({ state: at('holding', 1, 0), effect: { kind: 'write' } });
    expect(move(at('holding', 1, 0), ok, syncer)).toStrictEqual({ state: at('releasing'), effect: { kind: 'exit', section: 'sync' } });
    expect(move(at('releasing'), null, syncer)).toStrictEqual({ state: at('released'), effect: deleteSyncing });
    expect(move(at('released'), ok, syncer)).toStrictEqual({ state: at('released'), effect: finished });
  });

  test.each(['posted-pending', 'poll', 'polled', 'creating', 'released-main'] as const)('has no step from the upgrader pc %s', (pc) => {
    expect(() => step(at(pc), ok, syncer)).toThrow(`create-exclusive: syncer has no step from ${pc}`);
  });
});

describe('create-exclusive guards and describe', () => {
  test('an unknown role is a protocol error', () => {
    expect(() => createExclusive.step(at('start'), { reply: null, clockTicks: 0 }, { ...context('upgrader'), role: 'writer' })).toThrow(
      'create-exclusive: unknown role writer',
    );
  });

  test('describe', () => {
    expect(createExclusive.describe(at('creating'))).toBe('creating locks/EXCLUSIVE (1 attempts left)');
    expect(createExclusive.describe(at('holding', 1, 2))).toBe('in critical section (1 attempts left, 2 writes left)');
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
    .record({ pollInterval: fc.integer({ min: 1, max: 4 }), attempts: fc.integer({ min: 1, max: 3 }), retryDelay: fc.nat(4) })
    .map((value) => createExclusiveOptions.parse(value)),
});
const reachable = reachableStep(createExclusive, contexts, { owners, kinds: ['PENDING', 'SYNCING'], exclusiveMoves: createExclusiveMoves });

const pcs: Pc[] = ['start', 'checked', 'posted-pending', 'poll', 'polled', 'creating', 'abandoning', 'posted-syncing', 'holding', 'releasing', 'released-main', 'released'];
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

describe('create-exclusive laws', () => {
  test.prop([reachable], { numRuns })('step is a pure function, keeps its counters in range, and names only its own files and the EXCLUSIVE file', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze(sample.state);
    const stepInput = deepFreeze(sample.input);
    const first = stepTwice(() => createExclusive.step(state, stepInput, ctx));
    // A step a client can be asked to take is never a protocol error.
    if (!('output' in first)) expect.fail(`a reachable step threw: ${first.error}`);
    const { output } = first;
    expect(output.state.attemptsLeft).toBeLessThanOrEqual(state.attemptsLeft);
    expect(output.state.attemptsLeft).toBeGreaterThanOrEqual(state.attemptsLeft - 1);
    expect(output.state.writesLeft).toBeLessThanOrEqual(ctx.writes);
    expect(output.state.writesLeft).toBeGreaterThanOrEqual(0);
    const effect = output.effect;
    if (effect.kind === 'wait') expect(effect.ticks).toBeGreaterThanOrEqual(1);
    if (effect.kind === 'put') expect(effect.name).toBe(`locks/${ctx.role === 'upgrader' ? 'PENDING' : 'SYNCING'}-${ctx.id}`);
    if (effect.kind === 'delete') expect([`locks/${ctx.role === 'upgrader' ? 'PENDING' : 'SYNCING'}-${ctx.id}`, 'locks/EXCLUSIVE']).toContain(effect.name);
    if (effect.kind === 'create') expect(effect).toStrictEqual({ kind: 'create', name: 'locks/EXCLUSIVE', body: { owner: ctx.id } });
    expect(effect.kind).not.toBe('cas');
    if (effect.kind === 'write') expect(effect).toStrictEqual({ kind: 'write' });
    if (effect.kind === 'enter' || effect.kind === 'exit') expect(effect.section).toBe(ctx.role === 'upgrader' ? 'exclusive' : 'sync');
    if (effect.kind === 'done') expect(output.state.pc).toBe('released');
    // Nothing here reads a clock: the same step at any other time is the same.
    expect(createExclusive.step(state, { ...stepInput, clockTicks: stepInput.clockTicks + 1000 }, ctx)).toStrictEqual(output);
    lawRuns += 1;
  });

  test(`the law above checked every one of its ${numRuns} runs: no drawn input was skipped`, () => {
    expect(lawRuns).toBe(numRuns);
  });

  test.prop([anyInput], { numRuns: 50 })('on any state and reply, step is deterministic and fails only with a create-exclusive error', (sample) => {
    const ctx = deepFreeze(sample.context);
    const state = deepFreeze({ pc: sample.pc, attemptsLeft: Math.min(sample.attemptsLeft, ctx.options.attempts as number), writesLeft: Math.min(sample.writesLeft, ctx.writes) });
    const first = stepTwice(() => createExclusive.step(state, deepFreeze({ reply: sample.reply, clockTicks: sample.clockTicks }), ctx));
    expect('error' in first ? first.error : 'returned').toMatch(/^(returned$|create-exclusive: )/);
  });
});
