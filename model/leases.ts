// Leases on lock files, as the built-in protocols read them from a list.
//
// A lock's stamp is the time its newest version was written: the store's
// mtime (`timestamp: server`) or the writer's own clock when it sent the
// request (`timestamp: client`). A reader judges a lock with its own clock,
// `StepInput.clockTicks`, never with a time kept in its state: the lock is
// active while `clockTicks - stamp < ttl`, and its holder's refresh is due
// once `clockTicks - stamp >= refreshInterval`. Clock skew and timestamp
// resolution therefore reach these decisions exactly as they would in a
// real client, which is what the checker is for.

import { z } from 'zod';
import type { ListedFile } from './protocol.ts';

/** Which time a lock file carries: the writer's clock at send, or the store's at commit. */
export type TimestampSource = 'client' | 'server';

export const timestampSources = ['client', 'server'] as const satisfies readonly TimestampSource[];

export function stampTicksOf(file: ListedFile, timestamp: TimestampSource): number {
  return timestamp === 'server' ? file.mtimeTicks : file.clientStampTicks;
}

/** How long ago, by the reader's clock, the lock was written. May be negative under clock skew. */
export function lockAgeTicks(file: ListedFile, clockTicks: number, timestamp: TimestampSource): number {
  const ageTicks = clockTicks - stampTicksOf(file, timestamp);
  if (!Number.isFinite(ageTicks)) throw new Error(`leases: the age of ${file.name} is not a finite number of ticks`);
  return ageTicks;
}

/** Whether `file` is still active for a reader whose clock reads `clockTicks`; a null ttl never expires. */
export function isLeaseActive(file: ListedFile, clockTicks: number, ttlTicks: number | null, timestamp: TimestampSource): boolean {
  if (ttlTicks === null) return true;
  if (!(Number.isInteger(ttlTicks) && ttlTicks >= 1)) throw new Error(`leases: ttl must be a whole number of ticks >= 1, got ${ttlTicks}`);
  return lockAgeTicks(file, clockTicks, timestamp) < ttlTicks;
}

/** Whether the holder of `file` should rewrite it now to keep its lease. */
export function isRefreshDue(file: ListedFile, clockTicks: number, refreshIntervalTicks: number, timestamp: TimestampSource): boolean {
  if (!(Number.isInteger(refreshIntervalTicks) && refreshIntervalTicks >= 1)) {
    throw new Error(`leases: refreshInterval must be a whole number of ticks >= 1, got ${refreshIntervalTicks}`);
  }
  return lockAgeTicks(file, clockTicks, timestamp) >= refreshIntervalTicks;
}

/**
 * The lease options, for a protocol's option schema. `ttl: null` means locks
 * never expire, and then holders never refresh (refreshInterval is unused).
 * A refreshInterval at or above the ttl is allowed on purpose: it is a
 * misconfiguration worth checking, not bad input.
 */
export function leaseOptionFields(defaults: { ttl: number | null; refreshInterval: number }) {
  return {
    /** Ticks a lock stays active after it was written, by the reader's clock; null: never expires. */
    ttl: z.number().int().min(1).nullable().default(defaults.ttl),
    /** Ticks after which a holder rewrites its lock, checked between its data writes. */
    refreshInterval: z.number().int().min(1).default(defaults.refreshInterval),
  };
}
