// A harness whose upgrader ignores the Clock it is given: it lets the app
// settle with the global setTimeout before locking, and polls on a clock of
// its own built from Date.now and setTimeout. Real code does this by habit;
// in simulation those timers run outside virtual time, so locksim must
// report the upgrader instead of running it. The syncer is harness.ts's.

import { defineHarness, type Clock } from 'locksim';
import { PendingLock } from './pendingLock.ts';
import { dataWrites, pendingLockSections, syncer } from './roles.ts';

const wallClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export default defineHarness({
  summary: 'pending-lock whose upgrader calls setTimeout directly (escapes the simulated clock)',
  roles: {
    upgrader: async (client) => {
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      const lock = new PendingLock(client.store, wallClock, client.id, {}, {
        enter: (section) => client.enter(section),
        exit: (section) => client.exit(section),
      });
      return lock.exclusive(dataWrites(client));
    },
    syncer: syncer(),
  },
  ...pendingLockSections,
});
