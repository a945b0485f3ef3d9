import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GrowthShare, SharedFingerprintSet } from '../../../sim/engine/sharedFingerprintSet.ts';

const fingerprints = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })), {
  minLength: 1,
  maxLength: 400,
  selector: ([high, low]) => `${high === 0 ? 1 : high},${low === 0 ? 1 : low}`,
});

describe('SharedFingerprintSet', () => {
  // What the parallel search does when the table grows, with every part on this thread in turn.
  test.prop([fingerprints, fc.integer({ min: 1, max: 5 })])('grown in parts, it keeps every fingerprint once, and its count', (added, parts) => {
    const set = SharedFingerprintSet.create(4, 12);
    for (const [high, low] of added) {
      expect(set.add(high, low)).not.toBe(0);
      if (set.size >= set.growAt) expect(set.grow()).toBe(true);
    }
    set.flush();
    const capacity = set.capacity;
    expect(set.beginGrowth()).toBe(true);
    // Until the capacity is published, the table is the old one.
    expect(set.capacity).toBe(capacity);
    const shares = Array.from({ length: parts }, () => new GrowthShare());
    let taken = 0;
    for (let part = 0; part < parts; part += 1) taken += set.takeShare(part, parts, shares[part]!);
    expect(taken).toBe(added.length);
    set.publishGrowth();
    expect(set.capacity).toBe(2 * capacity);
    const spills = shares.map(() => new GrowthShare());
    for (const [part, share] of shares.entries()) set.placeOwned(share, part, parts, spills[part]!);
    for (const spill of spills) set.placeShare(spill);
    expect(set.size).toBe(added.length);
    for (const [high, low] of added) expect(set.add(high, low)).toBe(0);
    expect(set.size).toBe(added.length);
  });

  test('a share is a part of the parts there are', () => {
    const set = SharedFingerprintSet.create(4, 8);
    expect(() => set.takeShare(2, 2, new GrowthShare())).toThrow(/no part 2 of 2/);
    expect(() => set.takeShare(0, 0, new GrowthShare())).toThrow(/no part 0 of 0/);
  });

  test('at its largest capacity it does not grow', () => {
    const set = SharedFingerprintSet.create(4, 4);
    expect(set.beginGrowth()).toBe(false);
    expect(set.grow()).toBe(false);
  });
});
