// Lock files shared by the built-in protocols: one file per client and kind,
// under one prefix, so that a single list shows every lock.

import type { Effect, ListedFile } from './protocol.ts';

export const lockPrefix = 'locks/';

/** The one list every built-in protocol makes: every lock under the prefix. */
export const listLocks: Effect = { kind: 'list', prefix: lockPrefix };

export type LockKind = 'SYNCING' | 'PENDING' | 'EXCLUSIVE';

export function lockName(kind: LockKind, clientId: string): string {
  return `${lockPrefix}${kind}-${clientId}`;
}

/** The kind of a lock file, or null for a file that is not a per-client lock. */
export function lockKindOf(file: ListedFile): LockKind | null {
  return lockKindOfName(file.name);
}

/** The kind of the lock file named `name`, or null. */
export function lockKindOfName(name: string): LockKind | null {
  const rest = name.startsWith(lockPrefix) ? name.slice(lockPrefix.length) : null;
  if (rest === null) return null;
  for (const kind of ['SYNCING', 'PENDING', 'EXCLUSIVE'] as const) {
    if (rest.startsWith(`${kind}-`)) return kind;
  }
  return null;
}

export function locksOf(files: readonly ListedFile[], kind: LockKind): ListedFile[] {
  return files.filter((file) => lockKindOf(file) === kind);
}
