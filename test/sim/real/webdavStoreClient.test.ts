import { webdavStoreClient } from '../../../sim/real/webdavStoreClient.ts';
import { storeContract } from './storeContract.ts';
import { startWebdavServer } from './webdavServer.ts';

storeContract(
  'webdav store',
  async () => {
    const server = await startWebdavServer();
    if (typeof server === 'string') return server;
    return { store: webdavStoreClient(server.url), close: server.stop };
  },
  2000,
  { call: async (store) => { await store.put('clash', 'a file where a folder is asked for'); await store.put('clash/inner', 'x'); }, names: /put clash\/inner/ },
);
