// examples/async-pending-lock/pendingLock.ts run on its own, without
// locksim's runner: a tiny strongly consistent in-memory StoreClient (no lag,
// read-your-writes, modification times from a manual clock) and a manual
// Clock whose sleep advances time at once. Every store call, sleep and
// section mark goes to one log, so a test can read the exact steps.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientApi, Clock, StoreClient, StoreEntry } from 'locksim';
import { PendingLock, defaultOptions, type PendingLockOptions } from '../../../examples/async-pending-lock/pendingLock.ts';
import harness from '../../../examples/async-pending-lock/harness.ts';
import postThenCheckHarness from '../../../examples/async-pending-lock/harness-post-then-check.ts';
import escapesTimer from '../../../examples/async-pending-lock/escapes-timer.ts';
import { pendingLockOptions } from '../../../model/protocols/pendingLock.ts';

type World = {
  files: Map<string, { body: string; modifiedMs: number; etag: string }>;
  log: string[];
  time: { ms: number };
  /** Runs before each list is answered: a way to let "another client" act between two steps. */
  beforeList: ((listNumber: number) => void)[];
  /** Runs when a sleep is asked for. */
  onSleep: ((ms: number) => void)[];
};

function newWorld(): World {
  return { files: new Map(), log: [], time: { ms: 1_000 }, beforeList: [], onSleep: [] };
}

/** Writes a file as another client would, at time `modifiedMs`. */
function plant(world: World, path: string, modifiedMs = world.time.ms): void {
  world.files.set(path, { body: 'planted', modifiedMs, etag: `planted-${path}` });
}

function memoryStore(world: World): StoreClient {
  let lists = 0;
  let version = 0;
  const tick = () => (world.time.ms += 1);
  return {
    async list(prefix) {
      world.log.push(`list ${prefix}`);
      lists += 1;
      for (const hook of world.beforeList) hook(lists);
      tick();
      const entries: StoreEntry[] = [...world.files]
        .filter(([path]) => path.startsWith(prefix))
        .map(([path, file]) => ({ path, modifiedMs: file.modifiedMs, etag: file.etag }));
      return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async get(path) {
      world.log.push(`get ${path}`);
      return world.files.get(path)?.body ?? null;
    },
    async put(path, body) {
      world.log.push(`put ${path}`);
      tick();
      version += 1;
      world.files.set(path, { body, modifiedMs: world.time.ms, etag: `v${version}` });
    },
    async delete(path) {
      world.log.push(`delete ${path}`);
      tick();
      return world.files.delete(path);
    },
    async remoteDate() {
      world.log.push('remoteDate');
      return world.time.ms;
    },
  };
}

function manualClock(world: World): Clock {
  return {
    now: () => world.time.ms,
    async sleep(ms) {
      world.log.push(`sleep ${ms}`);
      for (const hook of world.onSleep) hook(ms);
      world.time.ms += ms;
    },
  };
}

/** A ClientApi on the world, as locksim's runner would hand a harness role. */
function clientApi(world: World, id: string, role: string, writes = 1): ClientApi {
  return {
    id,
    role,
    writes,
    store: memoryStore(world),
    clock: manualClock(world),
    enter: (section) => void world.log.push(`enter ${section}`),
    exit: (section) => void world.log.push(`exit ${section}`),
    writeData: async () => {
      world.log.push('write');
      return true;
    },
  };
}

function lockOf(world: World, id: string, options: Partial<PendingLockOptions> = {}): PendingLock {
  const api = clientApi(world, id, 'test');
  return new PendingLock(api.store, api.clock, id, options, { enter: api.enter, exit: api.exit });
}

const lists = (world: World) => world.log.filter((line) => line.startsWith('list ')).length;
const write = async (world: World) => void world.log.push('write');

describe('pendingLock.ts with the model defaults', () => {
  it('has the defaults of model/protocols/pendingLock.ts (timestamps aside)', () => {
    const model = pendingLockOptions.parse({});
    expect(defaultOptions).toEqual({
      pendingCheck: model.pendingCheck,
      tieBreak: model.tieBreak,
      winnerPending: model.winnerPending,
      syncerOrder: model.syncerOrder,
      pollIntervalMs: model.pollInterval,
      attempts: model.attempts,
      retryDelayMs: model.retryDelay,
    });
  });

  it('one upgrader alone reaches EXCLUSIVE, enters, writes, exits and deletes its locks, in the model steps U1-U8', async () => {
    const world = newWorld();
    const outcome = await harness.roles.upgrader!(clientApi(world, 'A', 'upgrader', 2));
    expect(outcome).toBe('finished');
    expect(world.log).toEqual([
      'list locks/', // U1 check
      'put locks/PENDING-A', // U2
      'list locks/', // U3 poll: no SYNCING
      'list locks/', // U4 new-list, U5 compare: its own is the oldest
      'put locks/EXCLUSIVE-A', // U5
      'enter exclusive', // U6
      'write',
      'write', // U7
      'exit exclusive',
      'delete locks/EXCLUSIVE-A', // U8
      'delete locks/PENDING-A',
    ]);
    expect([...world.files.keys()]).toEqual([]);
  });

  it('a syncer alone lists, posts SYNCING, syncs and deletes it (check-then-post)', async () => {
    const world = newWorld();
    const outcome = await harness.roles.syncer!(clientApi(world, 'S', 'syncer', 3));
    expect(outcome).toBe('finished');
    expect(world.log).toEqual(['list locks/', 'put locks/SYNCING-S', 'enter sync', 'write', 'write', 'write', 'exit sync', 'delete locks/SYNCING-S']);
    expect(world.files.size).toBe(0);
  });

  it('a post-then-check syncer alone posts SYNCING before it lists', async () => {
    const world = newWorld();
    const outcome = await postThenCheckHarness.roles.syncer!(clientApi(world, 'S', 'syncer', 1));
    expect(outcome).toBe('finished');
    expect(world.log).toEqual(['put locks/SYNCING-S', 'list locks/', 'enter sync', 'write', 'exit sync', 'delete locks/SYNCING-S']);
  });

  it('a post-then-check syncer that lists an upgrader withdraws its SYNCING and gives up', async () => {
    const world = newWorld();
    plant(world, 'locks/PENDING-U');
    const outcome = await postThenCheckHarness.roles.syncer!(clientApi(world, 'S', 'syncer'));
    expect(outcome).toBe('gave-up');
    expect(world.log).toEqual(['put locks/SYNCING-S', 'list locks/', 'delete locks/SYNCING-S']);
    expect([...world.files.keys()]).toEqual(['locks/PENDING-U']);
  });

  it('a check-then-post syncer gives up on another EXCLUSIVE without posting', async () => {
    const world = newWorld();
    plant(world, 'locks/EXCLUSIVE-U');
    expect(await harness.roles.syncer!(clientApi(world, 'S', 'syncer'))).toBe('gave-up');
    expect(world.log).toEqual(['list locks/']);
  });
});

describe('giving up', () => {
  it('an upgrader gives up without posting when another PENDING is listed first (U2)', async () => {
    const world = newWorld();
    plant(world, 'locks/PENDING-B');
    const outcome = await harness.roles.upgrader!(clientApi(world, 'A', 'upgrader'));
    expect(outcome).toBe('gave-up');
    expect(world.log).toEqual(['list locks/']);
    expect([...world.files.keys()]).toEqual(['locks/PENDING-B']);
  });

  it('an upgrader that finds an older PENDING at the compare deletes its own and gives up (U5, U5\')', async () => {
    const world = newWorld();
    // B's PENDING committed before A's (older), but shows only from A's poll on.
    world.beforeList.push((n) => n === 2 && plant(world, 'locks/PENDING-B', 900));
    const outcome = await harness.roles.upgrader!(clientApi(world, 'A', 'upgrader'));
    expect(outcome).toBe('gave-up');
    expect(world.log).toEqual(['list locks/', 'put locks/PENDING-A', 'list locks/', 'list locks/', 'delete locks/PENDING-A']);
    expect([...world.files.keys()]).toEqual(['locks/PENDING-B']);
  });

  it('a younger PENDING at the compare does not stop it', async () => {
    const world = newWorld();
    world.beforeList.push((n) => n === 2 && plant(world, 'locks/PENDING-B', 5_000));
    expect(await lockOf(world, 'A').exclusive(() => write(world))).toBe('finished');
    expect(world.log).toContain('enter exclusive');
  });

  it('breaks equal modification times by client id, or as strict and loose say', async () => {
    const run = async (self: string, other: string, tieBreak: PendingLockOptions['tieBreak']) => {
      const world = newWorld();
      // The other's PENDING, listed from the poll on, stamped as the client's own will be.
      world.beforeList.push((n) => n === 2 && plant(world, `locks/PENDING-${other}`, world.files.get(`locks/PENDING-${self}`)!.modifiedMs));
      return lockOf(world, self, { tieBreak }).exclusive(() => write(world));
    };
    expect(await run('A', 'B', 'client-id')).toBe('finished');
    expect(await run('B', 'A', 'client-id')).toBe('gave-up');
    expect(await run('B', 'A', 'strict')).toBe('finished');
    expect(await run('A', 'B', 'loose')).toBe('gave-up');
  });

  it('retries after retryDelayMs while attempts are left', async () => {
    const world = newWorld();
    plant(world, 'locks/EXCLUSIVE-B');
    world.onSleep.push(() => world.files.delete('locks/EXCLUSIVE-B'));
    const outcome = await lockOf(world, 'A', { attempts: 2, retryDelayMs: 7 }).exclusive(() => write(world));
    expect(outcome).toBe('finished');
    expect(world.log.slice(0, 3)).toEqual(['list locks/', 'sleep 7', 'list locks/']);
  });

  it('throws when its own PENDING is missing from the compare list (the model asserts it)', async () => {
    const world = newWorld();
    world.beforeList.push((n) => n === 3 && world.files.delete('locks/PENDING-A'));
    await expect(lockOf(world, 'A').exclusive(() => write(world))).rejects.toThrow(/PENDING-A is missing/);
  });
});

describe('polling and the two readings of the compare', () => {
  it('polls every pollIntervalMs until the SYNCING lock is gone', async () => {
    const world = newWorld();
    plant(world, 'locks/SYNCING-S');
    let sleeps = 0;
    world.onSleep.push(() => ++sleeps === 2 && world.files.delete('locks/SYNCING-S'));
    const outcome = await lockOf(world, 'A', { pollIntervalMs: 3 }).exclusive(() => write(world));
    expect(outcome).toBe('finished');
    expect(world.log.slice(0, 8)).toEqual([
      'list locks/', // a SYNCING lock does not stop it at U2
      'put locks/PENDING-A',
      'list locks/',
      'sleep 3',
      'list locks/',
      'sleep 3',
      'list locks/', // no SYNCING any more
      'list locks/', // the new list it compares in
    ]);
  });

  it('new-list makes one more list than same-list, which compares in the poll that saw no SYNCING', async () => {
    const listsWith = async (pendingCheck: PendingLockOptions['pendingCheck']) => {
      const world = newWorld();
      expect(await lockOf(world, 'A', { pendingCheck }).exclusive(() => write(world))).toBe('finished');
      return lists(world);
    };
    expect(await listsWith('new-list')).toBe(3);
    expect(await listsWith('same-list')).toBe(2);
  });

  it('same-list misses a PENDING that commits after the poll; new-list sees it', async () => {
    const outcomeWith = async (pendingCheck: PendingLockOptions['pendingCheck']) => {
      const world = newWorld();
      // An older PENDING of B's that the poll (list 2) does not show yet but list 3 does.
      world.beforeList.push((n) => n === 3 && plant(world, 'locks/PENDING-B', 900));
      return lockOf(world, 'A', { pendingCheck }).exclusive(() => write(world));
    };
    expect(await outcomeWith('new-list')).toBe('gave-up');
    expect(await outcomeWith('same-list')).toBe('finished');
  });

  it('winnerPending delete drops PENDING first thing inside the section', async () => {
    const world = newWorld();
    await lockOf(world, 'A', { winnerPending: 'delete' }).exclusive(() => write(world));
    expect(world.log.slice(4)).toEqual(['put locks/EXCLUSIVE-A', 'enter exclusive', 'delete locks/PENDING-A', 'write', 'exit exclusive', 'delete locks/EXCLUSIVE-A']);
  });
});

describe('escapes-timer.ts', () => {
  afterEach(() => vi.restoreAllMocks());

  it('its upgrader calls the global setTimeout; harness.ts never does', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const world = newWorld();
    expect(await harness.roles.upgrader!(clientApi(world, 'A', 'upgrader'))).toBe('finished');
    expect(spy).not.toHaveBeenCalled();
    const escaped = newWorld();
    expect(await escapesTimer.roles.upgrader!(clientApi(escaped, 'A', 'upgrader'))).toBe('finished');
    expect(spy).toHaveBeenCalled();
  });
});
