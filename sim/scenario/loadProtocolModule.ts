// Loads a user's protocol module, TypeScript or JavaScript, with no build
// step: tsx's require hook compiles it on the fly. Loading is synchronous so
// that scenario validation stays one synchronous pass, as for built-ins.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { register } from 'tsx/cjs/api';
import { protocolProblem } from '../../model/checkProtocol.ts';
import type { Protocol } from '../../model/protocol.ts';

const loaded = new Map<string, Protocol>();
let registered = false;

/** The protocol a module exports as `protocol` or as its default export; throws Error with the problem. */
export function loadProtocolModule(absolutePath: string): Protocol {
  const known = loaded.get(absolutePath);
  if (known !== undefined) return known;
  if (!existsSync(absolutePath)) throw new Error('no such file');
  if (!registered) {
    register();
    registered = true;
  }
  const require = createRequire(import.meta.url);
  let exports: Record<string, unknown>;
  try {
    exports = require(absolutePath) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`it failed to load: ${String((error as Error).message).split('\n')[0]}`);
  }
  const candidate = exports.protocol ?? exports.default;
  if (candidate === undefined) throw new Error('it exports no protocol: expected `export const protocol = {...}` or a default export');
  const problem = protocolProblem(candidate);
  if (problem !== null) throw new Error(`its protocol does not satisfy the protocol API: ${problem}`);
  loaded.set(absolutePath, candidate as Protocol);
  return candidate as Protocol;
}
