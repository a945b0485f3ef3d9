import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStoreClient } from '../../../sim/real/fsStoreClient.ts';
import { storeContract } from './storeContract.ts';

storeContract(
  'fs store',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'locksim-fs-store-'));
    return { store: fsStoreClient(root), close: () => rm(root, { recursive: true, force: true }) };
  },
  1000,
  { call: async (store) => { await store.put('clash', 'a file where a folder is asked for'); await store.put('clash/inner', 'x'); }, names: /put clash\/inner/ },
);
