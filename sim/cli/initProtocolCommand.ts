// `locksim init-protocol <name>`: writes a commented starting module and a
// scenario that runs it. The module is the put-then-verify example, renamed:
// one source, so the template can never drift from a protocol that is
// checked by the test suite.

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../scenario/inputError.ts';
import type { Io } from './main.ts';
import { packageFile } from './packageRoot.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

/** A path as written in a file in `directory`: relative, with forward slashes. */
function pathFrom(directory: string, file: string): string {
  const path = relative(directory, file).split(sep).join('/');
  return isAbsolute(path) || path.startsWith('../') ? path : `./${path}`;
}

function scenarioText(name: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# ${name}: a starting scenario. Three clients race for the lock on a
# strongly consistent store; locksim explores every interleaving.
# Run it: locksim check ${name}.yaml
name: ${name}, three clients, strong store
protocol: { module: ./${name}.ts }
clients:
  - { id: A, role: locker, start: [0, 2] }
  - { id: B, role: locker, start: [0, 2] }
  - { id: C, role: locker, start: [0, 2] }
store:
  latency: [1, 2]       # ticks from send to commit, and from commit to reply
  listLag: [0, 0]       # try [0, 4]: lists that lag behind writes
properties: [mutualExclusion]
expect: safe
`;
}

export function initProtocolCommand(name: string, options: { dir: string }, io: Io): number {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new InputError('<name>', '', null, `expected a lower-case protocol name such as my-protocol; got ${JSON.stringify(name)}`);
  }
  const directory = resolve(options.dir);
  const modulePath = join(directory, `${name}.ts`);
  const scenarioPath = join(directory, `${name}.yaml`);
  for (const path of [modulePath, scenarioPath]) {
    if (existsSync(path)) throw new InputError(path, '', null, 'expected a new file; it already exists and is left as it is');
  }
  // The module imports 'locksim' as it is: in a project with locksim installed that is the package, and a module
  // that locksim loads always gets the locksim that loads it (sim/scenario/loadProtocolModule.ts).
  const module = readFileSync(packageFile('examples/put-then-verify/protocol.ts'), 'utf8')
    .replace(/^\/\/ put-then-verify: /, `// ${name} (started from locksim's put-then-verify example): `)
    .replace("name: 'put-then-verify'", `name: '${name}'`);
  if (!module.includes("from 'locksim'")) throw new Error("init-protocol: template does not import from 'locksim'");
  if (!module.includes(`name: '${name}'`)) throw new Error('init-protocol: template has no name to replace');
  writeFileAtomic(modulePath, module);
  writeFileAtomic(scenarioPath, scenarioText(name, pathFrom(directory, packageFile('scenario.schema.json'))));
  io.out(`wrote ${relative(process.cwd(), modulePath)} and ${relative(process.cwd(), scenarioPath)}`);
  io.out(`next: locksim check ${relative(process.cwd(), scenarioPath)}`);
  return 0;
}
