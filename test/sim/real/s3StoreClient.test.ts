// The S3 adapter against s3rver (an S3-compatible server in node, dev only)
// started on 127.0.0.1, or against LOCKSIM_S3_URL (s3://bucket/prefix?endpoint=...) when set.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s3StoreClient } from '../../../sim/real/s3StoreClient.ts';
import { storeFromUrl } from '../../../sim/real/storeUrl.ts';
import { storeContract } from './storeContract.ts';

type S3rver = new (options: object) => { run: () => Promise<{ port: number }>; close: () => Promise<void> };

async function openLocal() {
  const given = process.env.LOCKSIM_S3_URL;
  if (given !== undefined && given !== '') return { store: storeFromUrl(given), close: async () => {} };
  let Server: S3rver;
  try {
    Server = createRequire(import.meta.url)('s3rver') as S3rver;
  } catch (error) {
    return `s3rver cannot be loaded (${(error as Error).message}); run npm ci, or set LOCKSIM_S3_URL`;
  }
  const directory = await mkdtemp(join(tmpdir(), 'locksim-s3rver-'));
  const server = new Server({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'locks', configs: [] }] });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    return `s3rver did not start on 127.0.0.1: ${(error as Error).message}`;
  }
  const store = s3StoreClient({ bucket: 'locks', prefix: 'store', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    store,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

// Port 9 (discard) is closed here: every call fails at once, and must say which.
const unreachable = () => s3StoreClient({ bucket: 'no-such-bucket', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

storeContract('s3 store', openLocal, 2000, [
  { call: () => unreachable().put('locks/a', 'a'), names: /s3 store s3:\/\/no-such-bucket\/: put locks\/a/ },
  { call: () => unreachable().get('locks/a'), names: /s3 store s3:\/\/no-such-bucket\/: get locks\/a/ },
  { call: () => unreachable().list('locks/'), names: /s3 store s3:\/\/no-such-bucket\/: list locks\// },
  { call: () => unreachable().remoteDate(), names: /s3 store s3:\/\/no-such-bucket\/: remoteDate/ },
]);
