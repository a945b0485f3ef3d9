// Loads a user's protocol module, TypeScript or JavaScript, with no build
// step. Loading is synchronous so that scenario validation stays one
// synchronous pass, as for built-ins. tsx (its require hook compiles
// TypeScript on the fly) is loaded only when it is needed: for a TypeScript
// module, when locksim itself runs from its TypeScript sources, or for an ES
// module that this Node's require() cannot load. The compiled CLI never loads
// it for built-in protocols, which keeps its start fast.

import Module, { createRequire } from 'node:module';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { protocolProblem } from '../../model/checkProtocol.ts';
import type { Protocol } from '../../model/protocol.ts';

/** Loaded protocols by path, with the file's mtime and size: a changed file is loaded again. */
const loaded = new Map<string, { protocol: Protocol; stamp: string }>();
const require = createRequire(import.meta.url);
const runsFromSources = import.meta.url.endsWith('.ts');
/** This copy of locksim's public API: what `import ... from 'locksim'` in a protocol module gets. */
const ownEntry = fileURLToPath(new URL(runsFromSources ? '../../model/index.ts' : '../../model/index.js', import.meta.url));
let tsxRegistered = false;
let ownNameMapped = false;

function registerTsx(): void {
  if (tsxRegistered) return;
  (require('tsx/cjs/api') as { register: () => void }).register();
  tsxRegistered = true;
}

/**
 * A protocol module's `'locksim'` is the locksim that loads it, wherever the
 * module lives: the same API version as the simulator that runs it, the
 * sources in a clone, and no need for locksim in the module's own
 * node_modules. Node 20's require() has no public resolve hook, so this
 * wraps Module._resolveFilename, as tsx itself does; only that one name.
 */
function mapOwnName(): void {
  if (ownNameMapped) return;
  const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolveFilename = moduleWithResolve._resolveFilename;
  moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'locksim' ? ownEntry : resolveFilename.call(this, request, ...rest);
  };
  ownNameMapped = true;
}

/** Requires a user's module (TypeScript or JavaScript), fresh, with `'locksim'` mapped to this copy. */
function requireModule(absolutePath: string): Record<string, unknown> {
  mapOwnName();
  if (runsFromSources || /\.[cm]?tsx?$/i.test(absolutePath)) registerTsx();
  delete require.cache[absolutePath];
  try {
    return require(absolutePath) as Record<string, unknown>;
  } catch (error) {
    // Node before 20.19 cannot require() an ES module; tsx's hook can.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM' || tsxRegistered) throw error;
    registerTsx();
    delete require.cache[absolutePath];
    return require(absolutePath) as Record<string, unknown>;
  }
}

/** A user's module's exports; a module that fails to load throws Error with the first two lines of why. */
export function userModuleExports(absolutePath: string): Record<string, unknown> {
  try {
    return requireModule(absolutePath);
  } catch (error) {
    const lines = String((error as Error).message).split('\n').map((line) => line.trim()).filter((line) => line !== '');
    throw new Error(`it failed to load: ${lines.slice(0, 2).join(' ')}`);
  }
}

/** The protocol a module exports as `protocol` or as its default export; throws Error with the problem. */
export function loadProtocolModule(absolutePath: string): Protocol {
  if (!existsSync(absolutePath)) throw new Error(`no such file: ${absolutePath}`);
  const stats = statSync(absolutePath);
  const stamp = `${stats.mtimeMs}:${stats.size}`;
  const known = loaded.get(absolutePath);
  if (known !== undefined && known.stamp === stamp) return known.protocol;
  const exports = userModuleExports(absolutePath);
  const candidate = exports.protocol ?? exports.default;
  if (candidate === undefined) throw new Error('it exports no protocol: expected `export const protocol = {...}` or a default export');
  const problem = protocolProblem(candidate);
  if (problem !== null) throw new Error(`its protocol does not satisfy the protocol API: ${problem}`);
  loaded.set(absolutePath, { protocol: candidate as Protocol, stamp });
  return candidate as Protocol;
}
