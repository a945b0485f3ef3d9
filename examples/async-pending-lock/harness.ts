// pending-lock as async code (pendingLock.ts) with the built-in model's
// default options: new-list compare, client-id ties, winner keeps PENDING,
// check-then-post syncer, 2 ms between polls, 1 attempt, 4 ms retry delay;
// PENDING ordered by the store's modification time (timestamp: server).

import { defineHarness } from 'locksim';
import { pendingLockSections, syncer, upgrader } from './roles.ts';

export default defineHarness({
  summary: 'pending-lock as async TypeScript, model defaults (check-then-post syncer), server timestamps',
  roles: { upgrader: upgrader(), syncer: syncer() },
  ...pendingLockSections,
});
