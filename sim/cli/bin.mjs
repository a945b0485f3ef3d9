#!/usr/bin/env node
// The locksim command. In the package (and in a clone after `npm run build`)
// this file is dist/sim/cli/bin.mjs, next to the compiled main.js: it runs
// plain JavaScript, and loads tsx only if a scenario names a TypeScript
// protocol module. In the source tree (sim/cli/bin.mjs, no main.js next to it)
// it runs the TypeScript sources through tsx's loader, so a clone needs no
// build step.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();
// A reader that stops early (`locksim --help | head`) is no error of ours: stop quietly, no stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const compiled = new URL('./main.js', import.meta.url);
let main;
let raiseInliningBudget;
if (existsSync(compiled)) {
  ({ main, raiseInliningBudget } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main, raiseInliningBudget } = await import('./main.ts'));
}
// Before any search runs (sim/cli/inliningBudget.ts).
raiseInliningBudget();
process.exitCode = await main(process.argv);
