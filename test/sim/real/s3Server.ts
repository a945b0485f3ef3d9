// A real S3-compatible server for the tests: s3rver (in node, dev only),
// started on 127.0.0.1 on a free port with one bucket, `locks`, kept in a
// temporary folder; the reason as a string when it cannot start.
//
// s3rver ignores IfNoneMatch on PutObject (s3StoreClient.test.ts shows it),
// and its ETag is the MD5 of the body, as on AWS.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RunningS3 = { endpoint: string; bucket: string; credentials: { accessKeyId: string; secretAccessKey: string }; stop: () => Promise<void> };

type S3rver = new (options: object) => { run: () => Promise<{ port: number }>; close: () => Promise<void> };

export async function startS3Server(): Promise<RunningS3 | string> {
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
    await rm(directory, { recursive: true, force: true });
    return `s3rver did not start on 127.0.0.1: ${(error as Error).message}`;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'locks',
    // s3rver's own fixed credentials: it checks the signature with them.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
