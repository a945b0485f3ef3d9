// Loads a user's protocol module, TypeScript or JavaScript, with no build
// step: tsx's require hook compiles it on the fly. Loading is synchronous so
// that scenario validation stays one synchronous pass, as for built-ins.

import { createRequire } from 'node:module';
import { existsSync, statSync } from 'node:fs';
import { register } from 'tsx/cjs/api';
import { protocolProblem } from '../../model/checkProtocol.ts';
import type { Protocol } from '../../model/protocol.ts';

/** Loaded protocols by path, with the file's mtime and size: a changed file is loaded again. */
const loaded = new Map<string, { protocol: Protocol; stamp: string }>();
let registered = false;

/** The protocol a module exports as `protocol` or as its default export; throws Error with the problem. */
export function loadProtocolModule(absolutePath: string): Protocol {
  if (!existsSync(absolutePath)) throw new Error('no such file');
  const stats = statSync(absolutePath);
  const stamp = `${stats.mtimeMs}:${stats.size}`;
  const known = loaded.get(absolutePath);
  if (known !== undefined && known.stamp === stamp) return known.protocol;
  if (!registered) {
    register();
    registered = true;
  }
  const require = createRequire(import.meta.url);
  delete require.cache[absolutePath];
  let exports: Record<string, unknown>;
  try {
    exports = require(absolutePath) as Record<string, unknown>;
  } catch (error) {
    const lines = String((error as Error).message).split('\n').map((line) => line.trim()).filter((line) => line !== '');
    throw new Error(`it failed to load: ${lines.slice(0, 2).join(' ')}`);
  }
  const candidate = exports.protocol ?? exports.default;
  if (candidate === undefined) throw new Error('it exports no protocol: expected `export const protocol = {...}` or a default export');
  const problem = protocolProblem(candidate);
  if (problem !== null) throw new Error(`its protocol does not satisfy the protocol API: ${problem}`);
  loaded.set(absolutePath, { protocol: candidate as Protocol, stamp });
  return candidate as Protocol;
}
