import { describe, expect, test } from 'vitest';
import { lockKindOf, lockName, lockPrefix, locksOf } from '../../model/lockFiles.ts';
import type { ListedFile } from '../../model/protocol.ts';

function file(name: string, owner = 'A'): ListedFile {
  return { name, owner, body: null, mtimeTicks: 0, clientStampTicks: 0, version: 1 };
}

describe('lock files', () => {
  test('a lock is named by prefix, kind and client id', () => {
    expect(lockPrefix).toBe('locks/');
    expect(lockName('PENDING', 'A')).toBe('locks/PENDING-A');
    expect(lockName('SYNCING', 'sync-1')).toBe('locks/SYNCING-sync-1');
    expect(lockName('EXCLUSIVE', 'B')).toBe('locks/EXCLUSIVE-B');
  });

  test('lockKindOf reads the kind back from every name lockName makes', () => {
    for (const kind of ['SYNCING', 'PENDING', 'EXCLUSIVE'] as const) {
      for (const id of ['A', 'b_2', 'PENDING-x']) expect(lockKindOf(file(lockName(kind, id)))).toBe(kind);
    }
  });

  test('lockKindOf is null for files that are not per-client locks', () => {
    for (const name of ['PENDING-A', 'locks/', 'locks/PENDING', 'locks/pending-A', 'data/PENDING-A', 'locksPENDING-A', 'locks/OTHER-A']) {
      expect(lockKindOf(file(name)), name).toBeNull();
    }
  });

  test('locksOf keeps the files of one kind, in their order', () => {
    const files = [file('locks/PENDING-B', 'B'), file('locks/SYNCING-S', 'S'), file('data/x'), file('locks/PENDING-A', 'A')];
    expect(locksOf(files, 'PENDING').map((each) => each.name)).toStrictEqual(['locks/PENDING-B', 'locks/PENDING-A']);
    expect(locksOf(files, 'SYNCING').map((each) => each.owner)).toStrictEqual(['S']);
    expect(locksOf(files, 'EXCLUSIVE')).toStrictEqual([]);
  });
});
