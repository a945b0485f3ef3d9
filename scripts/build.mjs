#!/usr/bin/env node
// Compiles the TypeScript sources (model/, sim/) to plain JavaScript and type
// declarations in dist/, which the package's bin, its `exports` and its worker
// threads run; dist/ is not committed. npm runs this as `prepare`: on `npm ci`
// in a clone and on `npm pack`. The .mjs entry points (the bin and the worker
// threads' boot files) are copied as they are: each one runs the compiled
// .js next to it when there is one, and the TypeScript sources through tsx
// when there is not (in the source tree).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entryPoints = ['sim/cli/bin.mjs', 'sim/explore/exhaustiveWorker.mjs', 'sim/sweep/sweepWorker.mjs', 'sim/impl/codeWorker.mjs'];

// A clean folder, so that a source file deleted since the last build leaves nothing behind.
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const file of entryPoints) {
  const target = join(root, 'dist', file);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, file), target);
}
