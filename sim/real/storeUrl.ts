// `--store` values: which real store an adapter talks to.
//   ./dir, /abs/dir, file:///abs/dir          a local folder
//   webdav://host:port/dir, webdavs://...      a WebDAV folder (http, https); user:password@ for Basic auth
//   s3://bucket/prefix?endpoint=URL&region=R   an S3-compatible bucket; credentials from AWS_* variables
// `?create=1` on webdav and s3 offers `create` (a conditional PUT) for a server known to honour it.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreClient } from '../../model/implementation.ts';
import { fsStoreClient } from './fsStoreClient.ts';
import { s3StoreClient } from './s3StoreClient.ts';
import { webdavStoreClient } from './webdavStoreClient.ts';

const expected = 'expected a folder path, file:///dir, webdav://host:port/dir, webdavs://host/dir or s3://bucket/prefix?endpoint=URL';

/** The store a `--store` value names; throws Error with one line saying what was expected. */
export function storeFromUrl(text: string): StoreClient {
  if (typeof text !== 'string' || text === '') throw new Error(`an empty store; ${expected}`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return fsStoreClient(resolve(text));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${JSON.stringify(text)} is not a URL; ${expected}`);
  }
  const create = url.searchParams.get('create') === '1';
  switch (url.protocol) {
    case 'file:':
      return fsStoreClient(fileURLToPath(url));
    case 'webdav:':
    case 'webdavs:': {
      if (url.host === '') throw new Error(`${JSON.stringify(text)} names no host; ${expected}`);
      const scheme = url.protocol === 'webdavs:' ? 'https' : 'http';
      const base = `${scheme}://${url.host}${url.pathname.replace(/\/+$/, '')}`;
      const username = url.username === '' ? process.env.LOCKSIM_WEBDAV_USER : decodeURIComponent(url.username);
      const password = url.password === '' ? process.env.LOCKSIM_WEBDAV_PASSWORD : decodeURIComponent(url.password);
      return webdavStoreClient(base, { ...(username === undefined ? {} : { username, password: password ?? '' }), conditionalCreate: create });
    }
    case 's3:': {
      if (url.hostname === '') throw new Error(`${JSON.stringify(text)} names no bucket; ${expected}`);
      const endpoint = url.searchParams.get('endpoint');
      if (endpoint !== null && !/^https?:\/\/[^/?#]+/i.test(endpoint)) throw new Error(`${JSON.stringify(text)}: endpoint= must be an http:// or https:// URL; got ${JSON.stringify(endpoint)}`);
      const region = url.searchParams.get('region');
      return s3StoreClient({
        bucket: url.hostname,
        prefix: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
        ...(endpoint === null ? {} : { endpoint }),
        ...(region === null ? {} : { region }),
        conditionalCreate: create,
      });
    }
    default:
      throw new Error(`unknown store scheme ${JSON.stringify(url.protocol)}; ${expected}`);
  }
}
