// Paths as the files locksim writes hold them. In memory (a loaded scenario,
// a trace being built or read) a path is relative to the working directory,
// as on the command line; a file holds it relative to its own folder, so that
// the file works wherever it is read from.

import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

function portable(path: string): string {
  const slashed = path.split(sep).join('/');
  return slashed === '' ? '.' : slashed;
}

/** `path` (relative to the working directory, or absolute) as a file at `file` holds it: relative to that file's folder, with forward slashes. */
export function pathInFile(file: string, path: string): string {
  return portable(relative(dirname(resolve(file)), resolve(path)));
}

/** A path that the file at `file` holds (relative to its folder), as the working directory sees it. */
export function pathFromFile(file: string, held: string): string {
  return portable(relative(process.cwd(), resolve(dirname(resolve(file)), held)));
}

/** A protocol module path as a file at `file` holds it: as pathInFile, starting with ./ or ../ so that it never reads as a package name. */
export function modulePathInFile(file: string, module: string): string {
  const path = pathInFile(file, module);
  if (isAbsolute(path)) return path;
  return path.startsWith('../') || path.startsWith('./') ? path : `./${path}`;
}
