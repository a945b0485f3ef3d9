// harness.ts with syncers that post SYNCING first, then list, and withdraw on
// another's PENDING or EXCLUSIVE (the model's syncerOrder: post-then-check);
// every other option at the model's default.

import { defineHarness } from 'locksim';
import { pendingLockSections, syncer, upgrader } from './roles.ts';

const options = { syncerOrder: 'post-then-check' } as const;

export default defineHarness({
  summary: 'pending-lock as async TypeScript, post-then-check syncer, server timestamps',
  roles: { upgrader: upgrader(options), syncer: syncer(options) },
  ...pendingLockSections,
});
