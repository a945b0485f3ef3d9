// The StoreClient of an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...)
// through the AWS SDK v3 S3 client, under a key prefix. Real I/O and the
// store's real clock: see fsStoreClient.ts for why this folder is apart.

import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { comparePaths } from '../../model/implementation.ts';
import type { StoreClient, StoreEntry } from '../../model/implementation.ts';

/**
 * `endpoint`: an S3-compatible server (path-style addressing); absent: AWS.
 * Credentials: given, or the SDK's usual chain (AWS_ACCESS_KEY_ID, ...).
 * `conditionalCreate`: offer `create` as PutObject with If-None-Match: *,
 * which AWS S3 honours and some compatible servers ignore (off unless asked).
 */
export type S3Options = {
  bucket: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  conditionalCreate?: boolean;
};

/** Pages of one list (1,000 keys each) beyond which the prefix is not a lock folder. */
const listPagesMax = 100;

/** Where the middleware below leaves a response's Date header on its output. */
const dateHeader = Symbol('locksim.dateHeader');

function statusOf(error: unknown): number | null {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : null;
}

export function s3StoreClient(options: S3Options): StoreClient {
  const root = options.prefix === undefined || options.prefix === '' ? '' : options.prefix.replace(/\/*$/, '/');
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  const where = `s3://${options.bucket}/${root}`;
  const failure = (method: string, path: string, error: unknown) => new Error(`s3 store ${where}: ${method} ${path}: ${(error as Error).message || (error as { name?: string }).name}`);
  const Bucket = options.bucket;
  const key = (path: string) => `${root}${path}`;
  // The HTTP Date header of each response, which the SDK's outputs do not
  // carry: set on that request's own output, so that calls in flight at once
  // (lock code may list and ask the date together) never read another's.
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string> }).headers;
      if (headers?.date !== undefined && typeof result.output === 'object' && result.output !== null) {
        (result.output as { [dateHeader]?: string })[dateHeader] = headers.date;
      }
      return result;
    },
    // High priority: outside the SDK's deserializer, so that the output exists when this runs.
    { step: 'deserialize', name: 'locksimDateHeader', priority: 'high' },
  );
  const exists = async (path: string): Promise<boolean> => {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: key(path) }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  };
  const store: StoreClient = {
    async list(prefix) {
      try {
        const entries: StoreEntry[] = [];
        let token: string | undefined;
        for (let page = 0; ; page += 1) {
          if (!(page < listPagesMax)) throw new Error(`more than ${listPagesMax} pages`);
          const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: key(prefix), ...(token === undefined ? {} : { ContinuationToken: token }) }));
          for (const object of out.Contents ?? []) {
            if (object.Key === undefined) continue;
            entries.push({ path: object.Key.slice(root.length), modifiedMs: object.LastModified?.getTime() ?? Number.NaN, etag: object.ETag ?? '' });
          }
          if (out.IsTruncated !== true) break;
          token = out.NextContinuationToken;
        }
        entries.sort((a, b) => comparePaths(a.path, b.path));
        return entries;
      } catch (error) {
        throw failure('list', prefix, error);
      }
    },
    async get(path) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key(path) }));
        return (await out.Body?.transformToString('utf8')) ?? '';
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw failure('get', path, error);
      }
    },
    async put(path, body) {
      try {
        await client.send(new PutObjectCommand({ Bucket, Key: key(path), Body: body }));
      } catch (error) {
        throw failure('put', path, error);
      }
    },
    // S3 deletes answer 204 whether or not the key was there: a HEAD first tells (not atomic with the delete).
    async delete(path) {
      try {
        if (!(await exists(path))) return false;
        await client.send(new DeleteObjectCommand({ Bucket, Key: key(path) }));
        return true;
      } catch (error) {
        throw failure('delete', path, error);
      }
    },
    async remoteDate() {
      try {
        // A list that matches nothing: its answer is small, and every S3 server answers it.
        const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: key('.locksim-date-probe/'), MaxKeys: 1 }));
        const date = (out as { [dateHeader]?: string })[dateHeader];
        const ms = date === undefined ? Number.NaN : Date.parse(date);
        if (!Number.isFinite(ms)) throw new Error(`the server sent no valid Date header (${JSON.stringify(date)})`);
        return ms;
      } catch (error) {
        throw failure('remoteDate', '', error);
      }
    },
  };
  if (options.conditionalCreate !== true) return store;
  store.create = async (path, body) => {
    try {
      await client.send(new PutObjectCommand({ Bucket, Key: key(path), Body: body, IfNoneMatch: '*' }));
      return true;
    } catch (error) {
      if (statusOf(error) === 412) return false;
      throw failure('create', path, error);
    }
  };
  return store;
}
