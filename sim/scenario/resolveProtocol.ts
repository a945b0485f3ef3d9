// Finds the protocol a scenario names: a built-in by `name`, or a user module
// by `module`, resolved relative to the scenario file. In the normalized
// scenario the module path is made relative to the working directory, as
// every path is in memory; a file that locksim writes (a trace, a minimal
// scenario) holds it relative to itself (filePaths.ts).

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { protocolProblem } from '../../model/checkProtocol.ts';
import type { Protocol } from '../../model/protocol.ts';
import { builtinProtocols } from '../../model/protocols/registry.ts';
import { loadProtocolModule } from './loadProtocolModule.ts';
import { loadImplementation } from '../impl/loadImplementation.ts';
import { implementationName } from '../impl/implementationProtocol.ts';

export type ResolvedProtocol = { protocol: Protocol; module: string | null };
export type ResolveProblem = { field: 'name' | 'module'; problem: string };

function normalizedModulePath(absolutePath: string): string {
  const fromCwd = relative(process.cwd(), absolutePath);
  const portable = fromCwd.split(sep).join('/');
  return isAbsolute(fromCwd) ? portable : portable.startsWith('.') ? portable : `./${portable}`;
}

export function resolveProtocol(name: string | undefined, module: string | undefined, baseDir: string): ResolvedProtocol | ResolveProblem {
  if (name === implementationName) {
    if (module === undefined) return { field: 'module', problem: 'missing; expected the path of the harness module that exports the code of each role' };
    const absolutePath = resolve(baseDir, module);
    try {
      return { protocol: loadImplementation(absolutePath), module: normalizedModulePath(absolutePath) };
    } catch (error) {
      return { field: 'module', problem: `cannot use harness module ${JSON.stringify(module)}: ${(error as Error).message}` };
    }
  }
  if (module !== undefined) {
    const absolutePath = resolve(baseDir, module);
    let protocol: Protocol;
    try {
      protocol = loadProtocolModule(absolutePath);
    } catch (error) {
      return { field: 'module', problem: `cannot use protocol module ${JSON.stringify(module)}: ${(error as Error).message}` };
    }
    if (name !== undefined && name !== protocol.name) {
      return { field: 'name', problem: `expected ${JSON.stringify(protocol.name)}, the name module ${module} exports; got ${JSON.stringify(name)}` };
    }
    return { protocol, module: normalizedModulePath(absolutePath) };
  }
  if (name === undefined) return { field: 'name', problem: 'missing; expected a built-in protocol name or a module path' };
  const protocol = builtinProtocols.get(name);
  if (protocol === undefined) {
    const known = [...builtinProtocols.keys()].join(', ');
    return { field: 'name', problem: `unknown protocol ${JSON.stringify(name)}; expected one of ${known}, or a module: ./my-protocol.ts` };
  }
  // Built-ins meet the same API check as user modules: no private shortcuts.
  const problem = protocolProblem(protocol);
  if (problem !== null) throw new Error(`built-in protocol ${name}: ${problem}`);
  return { protocol, module: null };
}

/** The protocol of an already validated scenario. */
export function protocolOfScenario(protocol: { name: string; module?: unknown }): Protocol {
  const resolved = resolveProtocol(protocol.name, typeof protocol.module === 'string' ? protocol.module : undefined, process.cwd());
  if ('problem' in resolved) throw new Error(`scenario protocol no longer resolves: ${resolved.problem}`);
  return resolved.protocol;
}
