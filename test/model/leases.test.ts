// Leases as the built-in protocols judge them: active while the reader's
// clock minus the lock's stamp is below the ttl; refresh due from
// refreshInterval on. Both read the stamp the timestamp option names.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isLeaseActive, isRefreshDue, leaseOptionFields, lockAgeTicks, stampTicksOf } from '../../model/leases.ts';
import { z } from 'zod';
import { lock } from './protocols/replies.ts';

describe('stamps and ages', () => {
  const file = lock('EXCLUSIVE', 'A', 10, 4);
  test('server reads the store mtime, client the writer clock stamp', () => {
    expect(stampTicksOf(file, 'server')).toBe(10);
    expect(stampTicksOf(file, 'client')).toBe(4);
  });
  test('age is the reader clock minus the stamp, and may be negative under skew', () => {
    expect(lockAgeTicks(file, 12, 'server')).toBe(2);
    expect(lockAgeTicks(file, 7, 'server')).toBe(-3);
    expect(lockAgeTicks(file, 7, 'client')).toBe(3);
  });
});

describe('isLeaseActive', () => {
  const file = lock('SYNCING', 'S', 10);
  test('active while age < ttl: the boundary tick is expired', () => {
    expect(isLeaseActive(file, 14, 5, 'server')).toBe(true);
    expect(isLeaseActive(file, 15, 5, 'server')).toBe(false);
  });
  test('a null ttl never expires', () => {
    expect(isLeaseActive(file, 1_000_000, null, 'server')).toBe(true);
  });
  test('a lock stamped in the reader future is active', () => {
    expect(isLeaseActive(file, 3, 1, 'server')).toBe(true);
  });
  test('a ttl below one tick is a protocol error', () => {
    expect(() => isLeaseActive(file, 0, 0, 'server')).toThrow('leases: ttl must be a whole number of ticks >= 1, got 0');
  });
});

describe('isRefreshDue', () => {
  const file = lock('EXCLUSIVE', 'A', 10, 12);
  test('due from refreshInterval ticks on, on the configured stamp', () => {
    expect(isRefreshDue(file, 13, 4, 'server')).toBe(false);
    expect(isRefreshDue(file, 14, 4, 'server')).toBe(true);
    expect(isRefreshDue(file, 15, 4, 'client')).toBe(false);
    expect(isRefreshDue(file, 16, 4, 'client')).toBe(true);
  });
  test('an interval below one tick is a protocol error', () => {
    expect(() => isRefreshDue(file, 0, 0, 'server')).toThrow('leases: refreshInterval must be a whole number of ticks >= 1, got 0');
  });
});

describe('leaseOptionFields', () => {
  const schema = z.object(leaseOptionFields({ ttl: 8, refreshInterval: 3 })).strict();
  test('fills the given defaults, takes null for no ttl, rejects ticks below 1', () => {
    expect(schema.parse({})).toStrictEqual({ ttl: 8, refreshInterval: 3 });
    expect(schema.parse({ ttl: null })).toStrictEqual({ ttl: null, refreshInterval: 3 });
    expect(schema.safeParse({ ttl: 0 }).success).toBe(false);
    expect(schema.safeParse({ refreshInterval: 0 }).success).toBe(false);
  });
});

describe('lease laws', () => {
  const sample = fc.record({
    mtime: fc.integer({ min: -20, max: 40 }),
    stamp: fc.integer({ min: -20, max: 40 }),
    clock: fc.integer({ min: -20, max: 80 }),
    shift: fc.integer({ min: -1000, max: 1000 }),
    ttl: fc.integer({ min: 1, max: 30 }),
    timestamp: fc.constantFrom<'client' | 'server'>('client', 'server'),
  });
  test.prop([sample])('shifting every time by a constant changes no decision (states may hold no times, and need none)', ({ mtime, stamp, clock, shift, ttl, timestamp }) => {
    const file = lock('EXCLUSIVE', 'A', mtime, stamp);
    const shifted = lock('EXCLUSIVE', 'A', mtime + shift, stamp + shift);
    expect(isLeaseActive(shifted, clock + shift, ttl, timestamp)).toBe(isLeaseActive(file, clock, ttl, timestamp));
    expect(isRefreshDue(shifted, clock + shift, ttl, timestamp)).toBe(isRefreshDue(file, clock, ttl, timestamp));
  });
  test.prop([sample])('a lock whose refresh is not yet due at interval ttl is still active', ({ mtime, stamp, clock, ttl, timestamp }) => {
    const file = lock('EXCLUSIVE', 'A', mtime, stamp);
    expect(isLeaseActive(file, clock, ttl, timestamp)).toBe(!isRefreshDue(file, clock, ttl, timestamp));
  });
});
