import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { fsStoreClient } from '../../../sim/real/fsStoreClient.ts';
import { storeContract } from './storeContract.ts';

storeContract(
  'fs store',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'locksim-fs-store-'));
    return { store: fsStoreClient(root), close: () => rm(root, { recursive: true, force: true }) };
  },
  1000,
  [
    { call: async (store) => { await store.put('clash', 'a file where a folder is asked for'); await store.put('clash/inner', 'x'); }, names: /^fs store .*: put clash\/inner: / },
    { call: async (store) => { await store.put('folder/file', 'x'); await store.get('folder'); }, names: /^fs store .*: get folder: .*EISDIR/ },
    { call: async (store) => { await store.put('plain', 'x'); await store.create!('plain/inner', 'x'); }, names: /^fs store .*: create plain\/inner: / },
    { call: (store) => store.get('../outside'), names: /fs store: expected a relative path without '\.\.'/ },
  ],
);

test('fs store: of two creates at once exactly one wins, and a put leaves no temporary file behind', async () => {
  const root = await mkdtemp(join(tmpdir(), 'locksim-fs-store-'));
  try {
    const store = fsStoreClient(root);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const won = await Promise.all([store.create!(`race/${attempt}`, 'A'), store.create!(`race/${attempt}`, 'B')]);
      expect(won.filter((created) => created)).toHaveLength(1);
    }
    await Promise.all(Array.from({ length: 10 }, (_, n) => store.put('busy', `write ${n}`)));
    expect(await readdir(root)).toStrictEqual(['busy', 'race']);
    // A file of the user's that merely ends in .tmp is a file of the store.
    await store.put('notes.tmp', 'mine');
    expect((await store.list('notes')).map((entry) => entry.path)).toStrictEqual(['notes.tmp']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
