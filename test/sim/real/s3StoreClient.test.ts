// The S3 adapter against s3rver (an S3-compatible server in node, dev only)
// started on 127.0.0.1, or against LOCKSIM_S3_URL (s3://bucket/prefix?endpoint=...) when set.
import { expect, test } from 'vitest';
import { s3StoreClient } from '../../../sim/real/s3StoreClient.ts';
import { storeFromUrl } from '../../../sim/real/storeUrl.ts';
import { startS3Server } from './s3Server.ts';
import { storeContract } from './storeContract.ts';

async function openLocal() {
  const given = process.env.LOCKSIM_S3_URL;
  if (given !== undefined && given !== '') return { store: storeFromUrl(given), close: async () => {} };
  const server = await startS3Server();
  if (typeof server === 'string') return server;
  return { store: s3StoreClient({ bucket: server.bucket, prefix: 'store', endpoint: server.endpoint, credentials: server.credentials }), close: server.stop };
}

// Port 9 (discard) is closed here: every call fails at once, and must say which.
const unreachable = () => s3StoreClient({ bucket: 'no-such-bucket', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

storeContract('s3 store', openLocal, 2000, [
  { call: () => unreachable().put('locks/a', 'a'), names: /s3 store s3:\/\/no-such-bucket\/: put locks\/a/ },
  { call: () => unreachable().get('locks/a'), names: /s3 store s3:\/\/no-such-bucket\/: get locks\/a/ },
  { call: () => unreachable().list('locks/'), names: /s3 store s3:\/\/no-such-bucket\/: list locks\// },
  { call: () => unreachable().remoteDate(), names: /s3 store s3:\/\/no-such-bucket\/: remoteDate/ },
]);

test('s3rver ignores IfNoneMatch, which is why create is off unless ?create=1 asks for it; remoteDate and a list in flight at once each get their answer', async (context) => {
  const server = await startS3Server();
  if (typeof server === 'string') {
    console.warn(`skipped: ${server}`);
    context.skip();
    return;
  }
  try {
    const options = { bucket: server.bucket, prefix: 'canary', endpoint: server.endpoint, credentials: server.credentials };
    expect(s3StoreClient(options).create).toBeUndefined();
    const store = s3StoreClient({ ...options, conditionalCreate: true });
    expect(await store.create!('f', 'first')).toBe(true);
    // AWS S3 would answer 412 here.
    expect(await store.create!('f', 'second')).toBe(true);
    const [remote, listed, again] = await Promise.all([store.remoteDate(), store.list(''), store.remoteDate()]);
    expect(listed.map((entry) => entry.path)).toStrictEqual(['f']);
    for (const date of [remote, again]) expect(Math.abs(date - Date.now())).toBeLessThan(2000);
  } finally {
    await server.stop();
  }
});
