// The one well-known EXCLUSIVE lock file of create-exclusive and
// lease-fencing. Unlike the per-client lock files of lockFiles.ts, every
// upgrader races for this one name, so the store's atomic create-if-absent
// (and, for a lease, compare-and-swap on its version) decides who holds it.
// It lives under the same prefix, so one list shows it with the other locks;
// lockKindOf does not count it as a per-client lock (its name has no
// `-<client>` suffix).

import { lockPrefix } from './lockFiles.ts';
import type { Json, ListedFile } from './protocol.ts';

export const exclusiveFileName = `${lockPrefix}EXCLUSIVE`;

/**
 * The body of the EXCLUSIVE file: who holds it, and (lease-fencing) the
 * fencing token of that holding. `owner: null` marks a lease-fencing lock
 * that its holder released: the file stays, so its token keeps counting up.
 */
export type ExclusiveBody = { owner: string | null; token: number | null };

export function exclusiveBody(owner: string | null, token: number | null): Json {
  if (token !== null && !(Number.isInteger(token) && token >= 1)) throw new Error(`exclusive file: a token is a whole number >= 1, got ${token}`);
  return token === null ? { owner } : { owner, token };
}

/** The EXCLUSIVE file among listed files, if listed. */
export function exclusiveFileOf(files: readonly ListedFile[]): ListedFile | undefined {
  const found = files.filter((file) => file.name === exclusiveFileName);
  if (found.length > 1) throw new Error('exclusive file: a list returned the EXCLUSIVE file twice');
  return found[0];
}

/** Reads an EXCLUSIVE file's body; anything but `{ owner, token? }` is a protocol error. */
export function exclusiveBodyOf(file: ListedFile): ExclusiveBody {
  const body = file.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new Error(`exclusive file: expected a body { owner, token }, got ${JSON.stringify(body)}`);
  }
  const owner = body.owner;
  if (!(owner === null || (typeof owner === 'string' && owner.length > 0))) {
    throw new Error(`exclusive file: expected owner to be a client id or null, got ${JSON.stringify(owner)}`);
  }
  const token = body.token ?? null;
  if (!(token === null || (typeof token === 'number' && Number.isInteger(token) && token >= 1))) {
    throw new Error(`exclusive file: expected token to be a whole number >= 1, got ${JSON.stringify(token)}`);
  }
  return { owner, token };
}
