// A sweep worker thread. Like sim/cli/bin.mjs it runs the TypeScript sources
// through tsx's loader, since a worker starts with none of its parent's hooks.
import { register } from 'tsx/esm/api';

register();
await import('./sweepWorker.ts');
