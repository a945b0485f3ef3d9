// The two roles of a pending-lock harness: each scenario client runs the lock
// code of pendingLock.ts on its own StoreClient and Clock, marks its critical
// section with the ClientApi's enter/exit, and makes the scenario's data
// writes (ClientApi.writes of them) inside it, as the built-in model does.

import type { ClientApi, ClientCode, Harness } from 'locksim';
import { PendingLock, type PendingLockOptions } from './pendingLock.ts';

/** The lock code of one client, its section marks going to the harness. */
export function lockFor(client: ClientApi, options: Partial<PendingLockOptions> = {}): PendingLock {
  return new PendingLock(client.store, client.clock, client.id, options, {
    enter: (section) => client.enter(section),
    exit: (section) => client.exit(section),
  });
}

/** The critical section's work: the scenario's data writes, one after another. */
export function dataWrites(client: ClientApi): () => Promise<void> {
  return async () => {
    for (let i = 0; i < client.writes; i++) await client.writeData();
  };
}

export function upgrader(options: Partial<PendingLockOptions> = {}): ClientCode {
  return (client) => lockFor(client, options).exclusive(dataWrites(client));
}

export function syncer(options: Partial<PendingLockOptions> = {}): ClientCode {
  return (client) => lockFor(client, options).sync(dataWrites(client));
}

/** What every pending-lock harness declares besides its roles. */
export const pendingLockSections: Pick<Harness, 'sections' | 'roleSections'> = {
  sections: ['exclusive', 'sync'],
  roleSections: { upgrader: 'exclusive', syncer: 'sync' },
};
