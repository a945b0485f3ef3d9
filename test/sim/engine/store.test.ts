// The store's pure functions on hand-made file versions. The simulator-level
// schedules (latency, lag, skew through real runs) are in simulator.test.ts.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { commitVersion, isVisibleTo, listVersions, newestVersion, pruneFiles, seenVersions, toListed, type NewVersion } from '../../../sim/engine/store.ts';
import type { FileVersion } from '../../../sim/engine/world.ts';

/** One key per name, as the simulator's interner gives: the store tells names apart by their keys. */
const nameKeys = new Map<string, number>();
function nameKeyOf(name: string): number {
  if (!nameKeys.has(name)) nameKeys.set(name, nameKeys.size);
  return nameKeys.get(name)!;
}

function change(name: string, parts: Partial<NewVersion> = {}): NewVersion {
  return {
    name,
    nameKey: nameKeyOf(name),
    writer: 0,
    body: 'x',
    bodyKey: 0,
    clientStampTicks: 0,
    mtimeFromWriter: false,
    deleted: false,
    now: 0,
    lagTicks: 0,
    timestampResolutionTicks: 1,
    ...parts,
  };
}

/** Commits each change in turn, as the simulator does. */
function commitAll(changes: NewVersion[]): FileVersion[] {
  return changes.reduce<FileVersion[]>((files, next) => commitVersion(files, next), []);
}

describe('commitVersion', () => {
  test('keeps files sorted by name, versions of a name in commit order, numbered from 1', () => {
    const files = commitAll([change('b', { now: 1 }), change('a', { now: 2 }), change('b', { now: 3 }), change('c', { now: 4 }), change('a', { now: 5 })]);
    expect(files.map((file) => `${file.name}${file.version}@${file.commitTick}`)).toStrictEqual(['a1@2', 'a2@5', 'b1@1', 'b2@3', 'c1@4']);
  });

  test('rounds mtime down to the resolution, keeps the client stamp and sets visibility from the lag', () => {
    const [version] = commitVersion([], change('f', { now: 11, lagTicks: 4, timestampResolutionTicks: 5, clientStampTicks: -2, writer: 3 }));
    expect(version).toMatchObject({ mtimeTicks: 10, clientStampTicks: -2, commitTick: 11, visibleTick: 15, writer: 3, version: 1, deleted: false });
  });

  test('does not change the files it was given', () => {
    const files = commitAll([change('a'), change('c')]);
    const copy = structuredClone(files);
    commitVersion(files, change('b'));
    expect(files).toStrictEqual(copy);
  });

  test('rejects a negative lag and a resolution below one tick', () => {
    expect(() => commitVersion([], change('f', { lagTicks: -1 }))).toThrow('store: negative list lag');
    expect(() => commitVersion([], change('f', { timestampResolutionTicks: 0 }))).toThrow('store: timestamp resolution below one tick');
  });
});

describe('visibility and lists', () => {
  // Client 0 wrote `f` at tick 2, visible to others from tick 5.
  const files = commitAll([change('f', { now: 2, lagTicks: 3, writer: 0 })]);

  test('a version is visible to its writer at once, to others from visibleTick', () => {
    const version = files[0]!;
    expect(isVisibleTo(version, 0, 2)).toBe(true);
    expect(isVisibleTo(version, 1, 4)).toBe(false);
    expect(isVisibleTo(version, 1, 5)).toBe(true);
  });

  test('asking about a version committed in the future is an engine bug', () => {
    expect(() => isVisibleTo(files[0]!, 0, 1)).toThrow('store: a version committed in the future');
  });

  test('a list shows, per name, the newest version the reader sees, under the prefix', () => {
    const many = commitAll([
      change('locks/a', { now: 0, writer: 1, body: 'old' }),
      change('locks/a', { now: 1, writer: 2, body: 'new', lagTicks: 5 }),
      change('locks/b', { now: 1, writer: 1 }),
      change('other', { now: 1, writer: 0 }),
    ]);
    expect(listVersions(many, 'locks/', 0, 3).map((version) => `${version.name}:${String(version.body)}`)).toStrictEqual(['locks/a:old', 'locks/b:x']);
    expect(listVersions(many, 'locks/', 2, 3).map((version) => `${version.name}:${String(version.body)}`)).toStrictEqual(['locks/a:new', 'locks/b:x']);
    expect(listVersions(many, 'locks/', 0, 6).map((version) => String(version.body))).toStrictEqual(['new', 'x']);
    expect(listVersions(many, '', 0, 6).map((version) => version.name)).toStrictEqual(['locks/a', 'locks/b', 'other']);
    expect(listVersions(many, 'nothing/', 0, 6)).toStrictEqual([]);
  });

  test('a visible delete hides the name; an invisible one does not', () => {
    const deleted = commitAll([change('f', { now: 0 }), change('f', { now: 1, deleted: true, body: null, lagTicks: 2, writer: 1 })]);
    expect(listVersions(deleted, '', 0, 2).map((version) => version.version)).toStrictEqual([1]);
    expect(listVersions(deleted, '', 1, 1)).toStrictEqual([]);
    expect(listVersions(deleted, '', 0, 3)).toStrictEqual([]);
  });

  test('newestVersion is the newest committed version, visible or not, deleted or not', () => {
    const deleted = commitAll([change('f', { now: 0 }), change('f', { now: 1, deleted: true, body: null, lagTicks: 9 })]);
    expect(newestVersion(deleted, 'f')).toMatchObject({ version: 2, deleted: true });
    expect(newestVersion(deleted, 'g')).toBeNull();
  });

  test('seenVersions gives, per name, what the reader sees and the newest version', () => {
    const two = commitAll([change('a', { now: 0 }), change('a', { now: 1, lagTicks: 4, writer: 1 }), change('b', { now: 1, lagTicks: 4, writer: 1 })]);
    const seen = seenVersions(two, 0, 2);
    expect(seen.map(({ name, seen: version, newest }) => [name, version?.version ?? null, newest.version])).toStrictEqual([
      ['a', 1, 2],
      ['b', null, 1],
    ]);
  });

  test('toListed is what a protocol sees: the owner by id, no store internals', () => {
    const [version] = commitVersion([], change('f', { now: 7, writer: 1, clientStampTicks: 6, body: { k: 1 } }));
    expect(toListed(version!, ['A', 'B'])).toStrictEqual({ name: 'f', owner: 'B', body: { k: 1 }, mtimeTicks: 7, clientStampTicks: 6, version: 1 });
  });
});

describe('pruneFiles', () => {
  test('drops the versions older than one every client sees', () => {
    const files = commitAll([change('f', { now: 0 }), change('f', { now: 1 }), change('f', { now: 2, lagTicks: 5 })]);
    expect(pruneFiles(files, 2).map((version) => version.version)).toStrictEqual([2, 3]);
    expect(pruneFiles(files, 7).map((version) => version.version)).toStrictEqual([3]);
  });

  test('drops a name whose newest version is a delete every client sees, not before', () => {
    const files = commitAll([change('f', { now: 0 }), change('f', { now: 1, deleted: true, body: null, lagTicks: 2 }), change('g', { now: 1 })]);
    expect(pruneFiles(files, 2).map((version) => `${version.name}${version.version}`)).toStrictEqual(['f1', 'f2', 'g1']);
    expect(pruneFiles(files, 3).map((version) => `${version.name}${version.version}`)).toStrictEqual(['g1']);
  });

  test('returns the same array when nothing can be dropped', () => {
    const files = commitAll([change('f', { now: 0, lagTicks: 3 }), change('g', { now: 1 })]);
    expect(pruneFiles(files, 1)).toBe(files);
  });

  // Random histories of puts and deletes by three clients, with lags.
  const history = fc.array(
    fc.record({ name: fc.constantFrom('a', 'b'), writer: fc.nat(2), deleted: fc.boolean(), gap: fc.nat(2), lag: fc.nat(4) }),
    { maxLength: 12 },
  );

  test.prop([history, fc.nat(6)])('changes no list any client makes, now or later', (steps, laterTicks) => {
    let files: FileVersion[] = [];
    let now = 0;
    for (const step of steps) {
      now += step.gap;
      files = commitVersion(files, change(step.name, { now, writer: step.writer, deleted: step.deleted, body: step.deleted ? null : now, lagTicks: step.lag }));
    }
    const pruned = pruneFiles(files, now);
    for (let later = now; later <= now + laterTicks; later += 1) {
      for (const reader of [0, 1, 2]) {
        expect(listVersions(pruned, '', reader, later)).toStrictEqual(listVersions(files, '', reader, later));
      }
    }
    for (const name of ['a', 'b']) {
      const newest = newestVersion(files, name);
      const kept = newestVersion(pruned, name);
      // Conditional requests see the same thing: absent or deleted alike mean absent.
      expect(kept === null || kept.deleted).toBe(newest === null || newest.deleted);
    }
  });

  test.prop([history, fc.constantFrom('a', 'b'), fc.nat(3)])('changes nothing a later write shows: it gets the same version number', (steps, name, gap) => {
    let files: FileVersion[] = [];
    let now = 0;
    for (const step of steps) {
      now += step.gap;
      files = commitVersion(files, change(step.name, { now, writer: step.writer, deleted: step.deleted, body: step.deleted ? null : now, lagTicks: step.lag }));
    }
    const later = change(name, { now: now + gap, writer: 0 });
    const unpruned = commitVersion(files, later);
    const pruned = commitVersion(pruneFiles(files, now), later);
    expect(listVersions(pruned, name, 0, now + gap)).toStrictEqual(listVersions(unpruned, name, 0, now + gap));
  });

  test('a file written again after a delete is version 1, whether or not the delete was pruned', () => {
    // Regression: once a delete every client saw was pruned, the next put
    // restarted at version 1; while it was not, the put continued the count
    // (3 here). A protocol reading `version` behaved differently depending on
    // timing the explorer merges away. A delete now resets the count.
    const deleted = commitAll([change('f', { now: 0 }), change('f', { now: 1, deleted: true, body: null })]);
    const keptDelete = commitVersion(deleted, change('f', { now: 1 }));
    const prunedDelete = commitVersion(pruneFiles(deleted, 1), change('f', { now: 1 }));
    expect(pruneFiles(deleted, 1)).toStrictEqual([]);
    expect(newestVersion(keptDelete, 'f')!.version).toBe(1);
    expect(newestVersion(prunedDelete, 'f')!.version).toBe(1);
  });
});
