// Compiles the package (scripts/build.mjs into dist/) before a benchmark
// measures it, so that its figures are of the sources as they are and of the
// code an installed package runs: its bin, its search and its worker threads
// are dist/'s JavaScript, never the TypeScript sources through tsx.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from './exhaustiveBenchFiles.ts';

export function buildPackage(): void {
  execFileSync(process.execPath, [join(repositoryRoot, 'scripts/build.mjs')], { cwd: repositoryRoot, stdio: 'inherit' });
}
