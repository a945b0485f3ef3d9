// The StoreClient of a WebDAV folder (Nextcloud, ownCloud, Apache mod_dav,
// any RFC 4918 server), through the maintained `webdav` client: the same
// requests a sync app makes. Real I/O and the server's real clock: see
// fsStoreClient.ts for why this folder is apart from the simulator.

import { createClient } from 'webdav';
import type { FileStat, WebDAVClient } from 'webdav';
import { comparePaths } from '../../model/implementation.ts';
import type { StoreClient, StoreEntry } from '../../model/implementation.ts';

/**
 * `conditionalCreate`: offer `create` as a PUT with If-None-Match: *. Only
 * for a server known to honour it (Nextcloud, Apache mod_dav do); one that
 * ignores the header would make every create succeed, so it is off unless
 * asked for.
 */
export type WebdavOptions = { username?: string; password?: string; conditionalCreate?: boolean };

/** Folders one list may walk, when the server refuses Depth: infinity. */
const walkFoldersMax = 4096;

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown; response?: { status?: unknown } }).status ?? (error as { response?: { status?: unknown } }).response?.status;
  return typeof status === 'number' ? status : null;
}

/** The folder of a path, for the MKCOL its PUT needs first. */
function parentOf(path: string): string | null {
  const at = path.lastIndexOf('/');
  return at <= 0 ? null : path.slice(0, at);
}

/**
 * `url` is the store's root folder, e.g. http://127.0.0.1:1900/locks-store.
 * Paths are relative to it. A list is one PROPFIND of depth infinity when
 * the server allows it, else a walk of depth-1 PROPFINDs.
 */
export function webdavStoreClient(url: string, options: WebdavOptions = {}): StoreClient & { deleteFolder(path: string): Promise<void> } {
  const client: WebDAVClient = createClient(url, options.username === undefined ? {} : { username: options.username, password: options.password ?? '' });
  const failure = (method: string, path: string, error: unknown) => new Error(`webdav store ${url}: ${method} ${path}: ${(error as Error).message}`);
  const made = new Set<string>();
  // The store's root folder itself is made on the first put, as every folder under it.
  const ensureFolder = async (folder: string | null): Promise<void> => {
    const key = folder ?? '';
    if (made.has(key)) return;
    if (folder !== null) await ensureFolder(parentOf(folder));
    try {
      await client.createDirectory(folder === null ? '/' : `/${folder}`);
    } catch (error) {
      // 405: it exists already.
      if (statusOf(error) !== 405) throw error;
    }
    made.add(key);
  };
  const entriesIn = async (folder: string, deep: boolean): Promise<FileStat[]> => {
    try {
      return (await client.getDirectoryContents(folder, { deep })) as FileStat[];
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw error;
    }
  };
  // Servers may refuse Depth: infinity (RFC 4918 lets them: 403); then a walk of Depth: 1 requests.
  let deepRefused = false;
  const entriesUnder = async (folder: string): Promise<FileStat[]> => {
    if (!deepRefused) {
      try {
        return await entriesIn(folder, true);
      } catch (error) {
        if (statusOf(error) !== 403) throw error;
        deepRefused = true;
      }
    }
    const files: FileStat[] = [];
    const folders = [folder];
    for (let walked = 0; folders.length > 0; walked += 1) {
      if (!(walked < walkFoldersMax)) throw new Error(`more than ${walkFoldersMax} folders under ${folder}`);
      for (const stat of await entriesIn(folders.shift()!, false)) {
        if (stat.type === 'directory') folders.push(stat.filename);
        else files.push(stat);
      }
    }
    return files;
  };
  const store: StoreClient & { deleteFolder(path: string): Promise<void> } = {
    async list(prefix) {
      try {
        // The deepest folder the prefix names is where its files can be.
        const folder = parentOf(prefix) ?? '';
        const stats = await entriesUnder(`/${folder}`);
        const entries: StoreEntry[] = [];
        for (const stat of stats) {
          if (stat.type !== 'file') continue;
          const path = stat.filename.replace(/^\/+/, '');
          if (!path.startsWith(prefix)) continue;
          entries.push({ path, modifiedMs: Date.parse(stat.lastmod), etag: stat.etag ?? `"${stat.lastmod}-${stat.size}"` });
        }
        entries.sort((a, b) => comparePaths(a.path, b.path));
        return entries;
      } catch (error) {
        throw failure('list', prefix, error);
      }
    },
    async get(path) {
      try {
        return (await client.getFileContents(`/${path}`, { format: 'text' })) as string;
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw failure('get', path, error);
      }
    },
    async put(path, body) {
      try {
        await ensureFolder(parentOf(path));
        await client.putFileContents(`/${path}`, body, { overwrite: true });
      } catch (error) {
        throw failure('put', path, error);
      }
    },
    async delete(path) {
      try {
        await client.deleteFile(`/${path}`);
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw failure('delete', path, error);
      }
    },
    // The server's Date header (RFC 9110: second resolution), as a sync app reads the server's time.
    // Any answer carries one, a 404 for a root folder not made yet too.
    async remoteDate() {
      let headers: { get(name: string): string | null } | undefined;
      try {
        headers = (await client.customRequest('/', { method: 'PROPFIND', headers: { Depth: '0' } })).headers;
      } catch (error) {
        headers = (error as { response?: { headers?: { get(name: string): string | null } } }).response?.headers;
        if (headers === undefined) throw failure('remoteDate', '/', error);
      }
      const date = headers.get('date');
      const ms = date === null ? Number.NaN : Date.parse(date);
      if (!Number.isFinite(ms)) throw failure('remoteDate', '/', new Error(`the server sent no valid Date header (${JSON.stringify(date)})`));
      return ms;
    },
    // Not part of StoreClient: run-real removes the folder of its own run with it (a DELETE of a collection is recursive).
    async deleteFolder(path) {
      try {
        await client.deleteFile(`/${path}/`);
      } catch (error) {
        if (statusOf(error) !== 404) throw failure('deleteFolder', path, error);
      }
      for (const key of [...made]) if (key === path || key.startsWith(`${path}/`)) made.delete(key);
    },
  };
  if (options.conditionalCreate !== true) return store;
  // PUT with If-None-Match: * (RFC 9110): 412 when the file exists.
  store.create = async (path, body) => {
    try {
      await ensureFolder(parentOf(path));
      return await client.putFileContents(`/${path}`, body, { overwrite: false });
    } catch (error) {
      throw failure('create', path, error);
    }
  };
  return store;
}
