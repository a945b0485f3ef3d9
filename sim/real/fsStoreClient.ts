// The StoreClient of a local folder (node:fs), so that lock code checked in
// simulation runs unchanged against a shared or synced folder. sim/real/ is
// the one place in sim/ that talks to real stores and real clocks: it is not
// part of any search, and nothing in it is deterministic.

import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { comparePaths } from '../../model/implementation.ts';
import type { StoreClient, StoreEntry } from '../../model/implementation.ts';

/** Depth of nested folders a list walks, beyond which the tree is not a lock store. */
const listDepthMax = 32;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function checkedPath(path: string): string {
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`fs store: expected a relative path without '..' or empty parts; got ${JSON.stringify(path)}`);
  }
  return path;
}

/**
 * The etag of a file: its change time in nanoseconds, size and inode. A
 * rewrite goes through a new file renamed over the old one (below), so the
 * inode changes on every put even within one clock tick.
 */
function etagOf(stats: { ctimeNs: bigint; size: bigint; ino: bigint }): string {
  return `"${stats.ino.toString(36)}-${stats.ctimeNs.toString(36)}-${stats.size.toString(36)}"`;
}

/** The temporary file of a put in progress (below): never a file of the store. */
function isTempName(name: string): boolean {
  return /\.locksim-\d+-\d+\.tmp$/.test(name);
}

/** Times a write makes its folder again when another client's delete removed it meanwhile (see delete). */
const folderAttemptsMax = 8;

/**
 * Runs `write` in the folder of `target`, made first: a delete of the
 * folder's last file removes the (then empty) folder, which can happen
 * between the mkdir and the write, or inside a recursive mkdir; then the
 * folder is made again, a bounded number of times.
 */
async function inFolder<T>(target: string, write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await mkdir(dirname(target), { recursive: true });
    } catch (error) {
      if (isMissing(error) && attempt < folderAttemptsMax) continue;
      // EEXIST here is a file where a folder of the path should be: never "the file exists".
      throw new FolderError((error as Error).message);
    }
    try {
      return await write();
    } catch (error) {
      if (!(isMissing(error) && attempt < folderAttemptsMax)) throw error;
    }
  }
}

/** A folder of a path could not be made. */
class FolderError extends Error {}

export function fsStoreClient(root: string): StoreClient {
  const full = (path: string) => join(root, ...checkedPath(path).split('/'));
  const failure = (method: string, path: string, error: unknown) => new Error(`fs store ${root}: ${method} ${path}: ${(error as Error).message}`);
  let tempCounter = 0;
  const writeAtomically = async (path: string, body: string) => {
    const target = full(path);
    tempCounter += 1;
    const temp = `${target}.locksim-${process.pid}-${tempCounter}.tmp`;
    await inFolder(target, () => writeFile(temp, body, 'utf8'));
    await rename(temp, target);
  };

  async function walk(folder: string, depth: number, into: string[]): Promise<void> {
    if (!(depth < listDepthMax)) throw new Error(`deeper than ${listDepthMax} folders`);
    let names;
    try {
      names = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of names) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1, into);
      else if (entry.isFile() && !isTempName(entry.name)) into.push(path);
    }
  }

  return {
    async list(prefix) {
      if (typeof prefix !== 'string') throw new Error(`fs store: list needs a string prefix`);
      const files: string[] = [];
      try {
        await walk(root, 0, files);
        const entries: StoreEntry[] = [];
        for (const file of files) {
          const path = relative(root, file).split(sep).join('/');
          if (!path.startsWith(prefix)) continue;
          try {
            const stats = await stat(file, { bigint: true });
            entries.push({ path, modifiedMs: Number(stats.mtimeMs), etag: etagOf(stats) });
          } catch (error) {
            // Deleted between the listing and the stat: as a store's list would, it is not there.
            if (!isMissing(error)) throw error;
          }
        }
        entries.sort((a, b) => comparePaths(a.path, b.path));
        return entries;
      } catch (error) {
        throw failure('list', prefix, error);
      }
    },
    async get(path) {
      try {
        return await readFile(full(path), 'utf8');
      } catch (error) {
        if (isMissing(error)) return null;
        throw failure('get', path, error);
      }
    },
    async put(path, body) {
      try {
        await writeAtomically(path, body);
      } catch (error) {
        throw failure('put', path, error);
      }
    },
    async delete(path) {
      try {
        await stat(full(path));
      } catch (error) {
        if (isMissing(error)) return false;
        throw failure('delete', path, error);
      }
      try {
        await rm(full(path));
      } catch (error) {
        if (isMissing(error)) return false;
        throw failure('delete', path, error);
      }
      // Folders are not files of the store (as on S3): one left empty goes with its last file.
      const parts = path.split('/').slice(0, -1);
      for (let depth = parts.length; depth > 0; depth -= 1) {
        try {
          await rmdir(join(root, ...parts.slice(0, depth)));
        } catch {
          break;
        }
      }
      return true;
    },
    // A folder has no clock of its own: the machine's is the store's.
    async remoteDate() {
      return Date.now();
    },
    async create(path, body) {
      let target: string;
      try {
        target = full(path);
      } catch (error) {
        throw failure('create', path, error);
      }
      try {
        // 'wx': the file is created only if absent, atomically (O_CREAT | O_EXCL).
        // An EEXIST from mkdir is a file where a folder of the path should be: an error, not "the file exists".
        const handle = await inFolder(target, () => open(target, 'wx'));
        try {
          await handle.writeFile(body, 'utf8');
        } finally {
          await handle.close();
        }
        return true;
      } catch (error) {
        if (!(error instanceof FolderError) && (error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw failure('create', path, error);
      }
    },
  };
}
