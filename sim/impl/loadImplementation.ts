// The protocol that runs a harness's code, made once per harness file (again
// when the file changes), so that one process's scenarios share its worker.

import { existsSync, statSync } from 'node:fs';
import type { Protocol } from '../../model/protocol.ts';
import { implementationProtocol } from './implementationProtocol.ts';
import { loadHarness } from './loadHarness.ts';

const loaded = new Map<string, { protocol: Protocol; stamp: string }>();

/** The implementation protocol of the harness at `absolutePath`; throws Error with the problem. */
export function loadImplementation(absolutePath: string): Protocol {
  if (!existsSync(absolutePath)) throw new Error(`no such file: ${absolutePath}`);
  const stats = statSync(absolutePath);
  const stamp = `${stats.mtimeMs}:${stats.size}`;
  const known = loaded.get(absolutePath);
  if (known !== undefined && known.stamp === stamp) return known.protocol;
  const protocol = implementationProtocol(absolutePath, loadHarness(absolutePath));
  loaded.set(absolutePath, { protocol, stamp });
  return protocol;
}
