import { expect, test } from 'vitest';
import type { StoreClient } from '../../../model/implementation.ts';
import { webdavStoreClient } from '../../../sim/real/webdavStoreClient.ts';
import { storeContract } from './storeContract.ts';
import { startWebdavServer } from './webdavServer.ts';

const failing = [
  { call: async (store: StoreClient) => { await store.put('clash', 'a file where a folder is asked for'); await store.put('clash/inner', 'x'); }, names: /webdav store http:\/\/127\.0\.0\.1:\d+(\/[\w-]+)?: put clash\/inner: / },
];

storeContract(
  'webdav store',
  async () => {
    const server = await startWebdavServer();
    if (typeof server === 'string') return server;
    return { store: webdavStoreClient(server.url), close: server.stop };
  },
  2000,
  failing,
);

// create, as a PUT with If-None-Match: *, against a server that honours the header.
storeContract(
  'webdav store with create',
  async () => {
    const server = await startWebdavServer({ honourIfNoneMatch: true });
    if (typeof server === 'string') return server;
    const store = webdavStoreClient(`${server.url}/not-made-yet`, { conditionalCreate: true });
    expect(store.create).toBeTypeOf('function');
    return { store, close: server.stop };
  },
  2000,
  failing,
);

test('webdav-server as shipped ignores If-None-Match: *, which is why create is off unless ?create=1 asks for it', async (context) => {
  const server = await startWebdavServer();
  if (typeof server === 'string') {
    console.warn(`skipped: ${server}`);
    context.skip();
    return;
  }
  try {
    const store = webdavStoreClient(server.url, { conditionalCreate: true });
    expect(webdavStoreClient(server.url).create).toBeUndefined();
    expect(await store.create!('f', 'first')).toBe(true);
    // A server that kept RFC 9110 would answer 412 here.
    expect(await store.create!('f', 'second')).toBe(true);
    expect(await store.get('f')).toBe('second');
  } finally {
    await server.stop();
  }
});

test("remoteDate reads the Date header even of a 404, for a root folder not made yet", async (context) => {
  const server = await startWebdavServer();
  if (typeof server === 'string') {
    context.skip();
    return;
  }
  try {
    const remote = await webdavStoreClient(`${server.url}/absent`).remoteDate();
    expect(Math.abs(remote - Date.now())).toBeLessThan(2000);
    expect(remote % 1000).toBe(0);
  } finally {
    await server.stop();
  }
});
