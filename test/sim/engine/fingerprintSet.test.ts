import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { collisionChance, FingerprintSet } from '../../../sim/engine/fingerprintSet.ts';

// Fingerprint halves: mostly small (so duplicates and the empty-slot value 0
// come up often), sometimes anywhere in the 32-bit range.
const half = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(0xffffffff, 0x80000000) },
  { weight: 2, arbitrary: fc.nat({ max: 0xffffffff }) },
);
const pairs = fc.array(fc.tuple(half, half), { maxLength: 300, size: 'medium' });

describe('FingerprintSet', () => {
  test.prop([pairs, fc.integer({ min: 4, max: 8 })])('behaves like a Set of (high, low) pairs, through every growth', (added, capacityLog2) => {
    const set = new FingerprintSet(capacityLog2);
    const reference = new Set<string>();
    for (const [high, low] of added) {
      const key = `${high},${low}`;
      expect(set.add(high, low), key).toBe(!reference.has(key));
      reference.add(key);
      expect(set.size).toBe(reference.size);
    }
    for (const [high, low] of added) expect(set.add(high, low)).toBe(false);
    expect(set.size).toBe(reference.size);
  });

  test('(0, 0), the empty-slot value, is a fingerprint like any other, kept through growth', () => {
    const set = new FingerprintSet(4);
    expect(set.add(0, 0)).toBe(true);
    for (let index = 1; index <= 100; index += 1) expect(set.add(index, index)).toBe(true);
    expect(set.size).toBe(101);
    expect(set.add(0, 0)).toBe(false);
    expect(set.size).toBe(101);
  });

  test('(0, 0) and (0, 1) are two fingerprints, not one', () => {
    // Regression: (0, 0) marks an empty slot and was stored as (0, 1), so
    // the two were merged as if they were the same state.
    const set = new FingerprintSet(4);
    expect(set.add(0, 0)).toBe(true);
    expect(set.add(0, 1)).toBe(true);
    expect(set.add(0, 0)).toBe(false);
    expect(set.add(0, 1)).toBe(false);
    expect(set.size).toBe(2);
  });

  test('grows: holds far more than its initial capacity, and reports its bytes', () => {
    const set = new FingerprintSet(4);
    const before = set.bytes;
    for (let index = 0; index < 5000; index += 1) expect(set.add(index >>> 3, Math.imul(index, 0x9e3779b9) >>> 0)).toBe(true);
    expect(set.size).toBe(5000);
    expect(set.bytes).toBeGreaterThan(before);
    // Load stays at most 3/4: 5000 entries need at least 6667 slots of 8 bytes.
    expect(set.bytes).toBeGreaterThanOrEqual((5000 / 0.75) * 8);
  });

  test('rejects a capacity out of range', () => {
    expect(() => new FingerprintSet(3)).toThrow('fingerprint set: capacity out of range');
    expect(() => new FingerprintSet(31)).toThrow('fingerprint set: capacity out of range');
  });

  test('collisionChance is the birthday bound over 2^64', () => {
    expect(collisionChance(0) === 0).toBe(true);
    expect(collisionChance(1) === 0).toBe(true);
    expect(collisionChance(2)).toBe(1 / 2 ** 64);
    expect(collisionChance(1e6)).toBeCloseTo((1e6 * (1e6 - 1)) / 2 / 2 ** 64, 20);
  });
});
