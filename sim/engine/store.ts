// The virtual file store's semantics, as pure functions over file versions:
// what a request does when it commits (requestOutcome), what a list shows,
// how a version is committed, and which versions can be pruned.
//
// - A write or delete commits at one tick. Its writer sees it from then on;
//   every other client's lists see it from `visibleTick` (commit + list lag).
// - A list shows, per name, the newest version visible to the reader; a
//   visible delete hides the name.
// - Conditional requests (create-if-absent, delete) act on the newest
//   committed version, visible or not: the store itself is linearizable,
//   only its lists lag.

import type { Json, ListedFile, Request } from '../../model/index.ts';
import type { DataFacts, FileVersion, StoredReply } from './world.ts';

const okReply: StoredReply = { kind: 'ok' };
const conflictReply: StoredReply = { kind: 'conflict' };
const existsReply: StoredReply = { kind: 'exists' };
const notFoundReply: StoredReply = { kind: 'not-found' };
export const rejectedReply: StoredReply = { kind: 'rejected' };

/** What a committed request does: the reply, the file change if any, and the data facts after it. */
export type RequestOutcome = {
  reply: StoredReply;
  written: { name: string; body: Json; deleted: boolean } | null;
  data: DataFacts;
};

/**
 * The store's semantics of one request committing now, as a pure function.
 * Conditional requests act on the newest committed version, visible or not.
 * A data write with a token older than the newest accepted one is rejected
 * (fencing). What a history monitor records of an accepted write is the
 * monitor's (sim/engine/historyMonitors.ts), not the store's.
 */
export function requestOutcome(files: readonly FileVersion[], data: DataFacts, request: Request, writer: number, now: number, resolutionTicks: number): RequestOutcome {
  if (!(resolutionTicks >= 1)) throw new Error('store: timestamp resolution below one tick');
  switch (request.kind) {
    case 'date':
      // The store's own clock, at the precision of its timestamps: a protocol compares it with file times.
      return { reply: { kind: 'date', ticks: roundDown(now, resolutionTicks) }, written: null, data };
    case 'list':
      return { reply: { kind: 'listed', versions: listVersions(files, request.prefix, writer, now) }, written: null, data };
    case 'put':
      return { reply: okReply, written: { name: request.name, body: request.body, deleted: false }, data };
    case 'create': {
      const newest = newestVersion(files, request.name);
      if (newest !== null && !newest.deleted) return { reply: existsReply, written: null, data };
      return { reply: okReply, written: { name: request.name, body: request.body, deleted: false }, data };
    }
    case 'delete': {
      const newest = newestVersion(files, request.name);
      if (newest === null || newest.deleted) return { reply: notFoundReply, written: null, data };
      return { reply: okReply, written: { name: request.name, body: null, deleted: true }, data };
    }
    case 'cas': {
      const newest = newestVersion(files, request.name);
      if (newest === null || newest.deleted || newest.version !== request.expectedVersion) return { reply: conflictReply, written: null, data };
      return { reply: okReply, written: { name: request.name, body: request.body, deleted: false }, data };
    }
    case 'write': {
      const token = request.token;
      if (token !== undefined && token < data.fenceToken) return { reply: rejectedReply, written: null, data };
      const fenceToken = token === undefined ? data.fenceToken : Math.max(data.fenceToken, token);
      return { reply: okReply, written: null, data: fenceToken !== data.fenceToken ? { fenceToken, staleWriter: data.staleWriter } : data };
    }
  }
}

export function isVisibleTo(version: FileVersion, reader: number, now: number): boolean {
  if (version.commitTick > now) throw new Error('store: a version committed in the future');
  return version.writer === reader || version.visibleTick <= now;
}

/** Index range [first, end) of the versions of `name` in sorted files. */
function versionsOf(files: readonly FileVersion[], name: string): [number, number] {
  let first = 0;
  while (first < files.length && files[first]!.name < name) first += 1;
  let end = first;
  while (end < files.length && files[end]!.name === name) end += 1;
  return [first, end];
}

/** The newest committed version of a name, deleted or not. */
export function newestVersion(files: readonly FileVersion[], name: string): FileVersion | null {
  const [first, end] = versionsOf(files, name);
  return end > first ? files[end - 1]! : null;
}

/** The version of each name that `reader` sees now, or null where it sees none; in name order. */
export function seenVersions(
  files: readonly FileVersion[],
  reader: number,
  now: number,
): { name: string; seen: FileVersion | null; newest: FileVersion }[] {
  const out: { name: string; seen: FileVersion | null; newest: FileVersion }[] = [];
  let index = 0;
  while (index < files.length) {
    const name = files[index]!.name;
    let seen: FileVersion | null = null;
    let newest = files[index]!;
    for (; index < files.length && files[index]!.name === name; index += 1) {
      newest = files[index]!;
      if (isVisibleTo(newest, reader, now)) seen = newest;
    }
    out.push({ name, seen, newest });
  }
  return out;
}

export function toListed(version: FileVersion, clientIds: readonly string[]): ListedFile {
  return {
    name: version.name,
    owner: clientIds[version.writer]!,
    body: version.body,
    mtimeTicks: version.mtimeTicks,
    clientStampTicks: version.clientStampTicks,
    version: version.version,
  };
}

/** The versions a list with `prefix` by `reader` returns at `now`, in name order. */
export function listVersions(files: readonly FileVersion[], prefix: string, reader: number, now: number): FileVersion[] {
  const listed: FileVersion[] = [];
  let index = 0;
  while (index < files.length) {
    const first = files[index]!;
    let seen: FileVersion | null = null;
    for (; index < files.length && files[index]!.nameKey === first.nameKey; index += 1) {
      if (isVisibleTo(files[index]!, reader, now)) seen = files[index]!;
    }
    if (seen !== null && !seen.deleted && first.name.startsWith(prefix)) listed.push(seen);
  }
  return listed;
}

export type NewVersion = {
  name: string;
  nameKey: number;
  writer: number;
  body: Json;
  bodyKey: number;
  clientStampTicks: number;
  /** Stores that keep the writer's modification time stamp files with the writer's clock, not their own. */
  mtimeFromWriter: boolean;
  deleted: boolean;
  now: number;
  lagTicks: number;
  timestampResolutionTicks: number;
};

/** Rounds down to a multiple of `resolution`, also for negative ticks (a writer's clock can be behind). */
function roundDown(ticks: number, resolution: number): number {
  return ticks - (((ticks % resolution) + resolution) % resolution);
}

/** The files after committing one version: inserted after the other versions of its name. */
export function commitVersion(files: readonly FileVersion[], change: NewVersion): FileVersion[] {
  if (change.lagTicks < 0) throw new Error('store: negative list lag');
  if (change.timestampResolutionTicks < 1) throw new Error('store: timestamp resolution below one tick');
  const [, end] = versionsOf(files, change.name);
  const previous = end > 0 && files[end - 1]!.name === change.name ? files[end - 1]! : null;
  const version: FileVersion = {
    name: change.name,
    nameKey: change.nameKey,
    writer: change.writer,
    body: change.body,
    bodyKey: change.bodyKey,
    mtimeTicks: roundDown(change.mtimeFromWriter ? change.clientStampTicks : change.now, change.timestampResolutionTicks),
    clientStampTicks: change.clientStampTicks,
    // A delete resets the count (as etcd's version does): otherwise a name
    // pruned after a delete every client saw would restart at 1 while an
    // unpruned one went on counting, and pruning would change behaviour.
    version: previous === null || previous.deleted ? 1 : previous.version + 1,
    commitTick: change.now,
    visibleTick: change.now + change.lagTicks,
    deleted: change.deleted,
  };
  const next = files.slice(0, end);
  next.push(version);
  for (let index = end; index < files.length; index += 1) next.push(files[index]!);
  return next;
}

/**
 * Drops versions nobody can see again: those older than a version every
 * client already sees, and names whose newest version is a delete every
 * client sees. Pruned worlds behave identically, and equal worlds encode
 * equally, which is what lets the explorer merge them.
 */
export function pruneFiles(files: readonly FileVersion[], now: number): readonly FileVersion[] {
  // Most commits and steps prune nothing: a new list is made only at the first name that loses a version.
  let kept: FileVersion[] | null = null;
  let index = 0;
  while (index < files.length) {
    // Interned keys, not names: equal exactly when the names are, and compared in one step.
    const nameKey = files[index]!.nameKey;
    let end = index;
    while (end < files.length && files[end]!.nameKey === nameKey) end += 1;
    // The newest version that every client sees hides all older ones.
    let floor = index;
    for (let probe = end - 1; probe >= index; probe -= 1) {
      if (files[probe]!.visibleTick <= now) {
        floor = probe;
        break;
      }
    }
    const newest = files[end - 1]!;
    const gone = newest.deleted && newest.visibleTick <= now;
    if (kept === null && (gone || floor > index)) kept = files.slice(0, index);
    if (kept !== null && !gone) for (let keep = floor; keep < end; keep += 1) kept.push(files[keep]!);
    index = end;
  }
  return kept ?? files;
}
