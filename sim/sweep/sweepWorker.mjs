// A sweep worker thread. A worker starts with none of its parent's hooks: in
// the compiled package (dist/) it runs the plain JavaScript next to it; in
// the source tree, like sim/cli/bin.mjs, the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('./sweepWorker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./sweepWorker.ts');
}
