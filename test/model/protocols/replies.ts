// Hand-made replies for the built-in protocols' step tests.

import { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import { exclusiveFileName } from '../../../model/exclusiveFile.ts';
import { lockName, type LockKind } from '../../../model/lockFiles.ts';
import type { Effect, Json, ListedFile, Reply, StepOutput } from '../../../model/protocol.ts';

/** A per-client lock file as a list shows it: `mtime` is the store's stamp, `stamp` the writer's clock. */
export function lock(kind: LockKind, owner: string, mtimeTicks = 0, clientStampTicks = mtimeTicks, version = 1): ListedFile {
  return { name: lockName(kind, owner), owner, body: kind, mtimeTicks, clientStampTicks, version };
}

/** The well-known EXCLUSIVE file, written by `writer` with `body`. */
export function exclusiveFile(writer: string, body: Json, mtimeTicks = 0, clientStampTicks = mtimeTicks, version = 1): ListedFile {
  return { name: exclusiveFileName, owner: writer, body, mtimeTicks, clientStampTicks, version };
}

export function listed(...files: ListedFile[]): Reply {
  return { kind: 'listed', files };
}

export const ok: Reply = { kind: 'ok' };
export const exists: Reply = { kind: 'exists' };
export const conflict: Reply = { kind: 'conflict' };
export const rejected: Reply = { kind: 'rejected' };
export const notFound: Reply = { kind: 'not-found' };
export const list: Effect = { kind: 'list', prefix: 'locks/' };
export const gaveUp: Effect = { kind: 'done', outcome: 'gave-up' };
export const finished: Effect = { kind: 'done', outcome: 'finished' };

/** Any reply at all, including lists of random lock files and EXCLUSIVE files, for the law tests. */
export function anyReply(owners: readonly string[]): fc.Arbitrary<Reply | null> {
  const perClient = fc
    .record({ kind: fc.constantFrom<LockKind>('SYNCING', 'PENDING', 'EXCLUSIVE'), owner: fc.constantFrom(...owners), mtime: fc.nat(30), stamp: fc.integer({ min: -3, max: 30 }), version: fc.integer({ min: 1, max: 4 }) })
    .map(({ kind, owner, mtime, stamp, version }) => lock(kind, owner, mtime, stamp, version));
  const wellKnown = fc
    .record({
      writer: fc.constantFrom(...owners),
      owner: fc.option(fc.constantFrom(...owners), { nil: null }),
      token: fc.integer({ min: 1, max: 4 }),
      mtime: fc.nat(30),
      stamp: fc.integer({ min: -3, max: 30 }),
      version: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ writer, owner, token, mtime, stamp, version }) => exclusiveFile(writer, { owner, token }, mtime, stamp, version));
  return fc.oneof(
    fc.constant(null),
    fc.constantFrom<Reply>(ok, notFound, exists, conflict, rejected),
    fc
      .tuple(fc.uniqueArray(perClient, { maxLength: 5, selector: (file) => file.name }), fc.option(wellKnown, { nil: undefined }))
      .map(([files, file]): Reply => ({ kind: 'listed', files: file === undefined ? files : [...files, file] })),
  );
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Runs a step twice on frozen inputs; a step is pure, so both runs must agree (output or thrown message). */
export function stepTwice<State>(step: () => StepOutput<State>): { output: StepOutput<State> } | { error: string } {
  const run = () => {
    try {
      return { output: step() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const first = run();
  expect(run()).toStrictEqual(first);
  return first;
}
