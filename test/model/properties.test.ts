import { describe, expect, test } from 'vitest';
import { exclusiveExcludesSync, findSafetyProperty, mutualExclusion, safetyProperties, type SectionView } from '../../model/properties.ts';

function view(sections: Record<string, string | null>): SectionView {
  return Object.entries(sections).map(([id, section]) => ({ id, section }));
}

describe('mutualExclusion', () => {
  test('holds with at most one client in exclusive', () => {
    expect(mutualExclusion.violation(view({}), { staleWriter: null })).toBeNull();
    expect(mutualExclusion.violation(view({ A: null, B: null }), { staleWriter: null })).toBeNull();
    expect(mutualExclusion.violation(view({ A: 'exclusive', B: 'sync', C: 'sync' }), { staleWriter: null })).toBeNull();
  });

  test('fails with two or more in exclusive, naming them in client order', () => {
    expect(mutualExclusion.violation(view({ A: 'exclusive', S: 'sync', B: 'exclusive' }), { staleWriter: null })).toBe('A and B hold EXCLUSIVE at once');
    expect(mutualExclusion.violation(view({ C: 'exclusive', A: 'exclusive', B: 'exclusive' }), { staleWriter: null })).toBe('C and A and B hold EXCLUSIVE at once');
  });

  test('needs two holders to fail', () => {
    expect(mutualExclusion.holdersToFail).toBe(2);
  });
});

describe('exclusiveExcludesSync', () => {
  test('holds when nobody is exclusive, or nobody else syncs', () => {
    expect(exclusiveExcludesSync.violation(view({ A: 'sync', B: 'sync' }), { staleWriter: null })).toBeNull();
    expect(exclusiveExcludesSync.violation(view({ A: 'exclusive', B: null }), { staleWriter: null })).toBeNull();
    // Two exclusives break the other property, not this one.
    expect(exclusiveExcludesSync.violation(view({ A: 'exclusive', B: 'exclusive' }), { staleWriter: null })).toBeNull();
  });

  test('fails when one client is exclusive while another syncs, naming both', () => {
    expect(exclusiveExcludesSync.violation(view({ S: 'sync', A: 'exclusive' }), { staleWriter: null })).toBe('A holds EXCLUSIVE while S is syncing');
    expect(exclusiveExcludesSync.violation(view({ A: 'exclusive', S: 'sync', T: 'sync' }), { staleWriter: null })).toBe('A holds EXCLUSIVE while S is syncing');
  });

  test('needs two holders to fail', () => {
    expect(exclusiveExcludesSync.holdersToFail).toBe(2);
  });
});

describe('the property registry', () => {
  test('lists every property, each with a one-line statement', () => {
    expect(safetyProperties.map((property) => property.name)).toStrictEqual(['mutualExclusion', 'exclusiveExcludesSync', 'fencedWrites']);
    for (const property of safetyProperties) expect(property.statement).toMatch(/^[^\n]+$/);
  });

  test('findSafetyProperty finds by exact name only', () => {
    expect(findSafetyProperty('mutualExclusion')).toBe(mutualExclusion);
    expect(findSafetyProperty('exclusiveExcludesSync')).toBe(exclusiveExcludesSync);
    expect(findSafetyProperty('mutualexclusion')).toBeUndefined();
    expect(findSafetyProperty('')).toBeUndefined();
  });

  test('a property never fails with fewer clients in sections than holdersToFail', () => {
    const sections = [null, 'exclusive', 'sync'];
    for (const property of safetyProperties) {
      for (const a of sections) {
        for (const b of sections) {
          for (const c of sections) {
            const current = view({ A: a, B: b, C: c });
            const holding = current.filter((client) => client.section !== null).length;
            if (holding < property.holdersToFail) expect(property.violation(current, { staleWriter: null })).toBeNull();
          }
        }
      }
    }
  });
});
