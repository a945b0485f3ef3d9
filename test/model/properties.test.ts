import { describe, expect, test } from 'vitest';
import { exclusiveExcludesSync, findSafetyProperty, mutualExclusion, safetyProperties, type SectionView } from '../../model/properties.ts';

function view(sections: Record<string, string | null>): SectionView {
  return Object.entries(sections).map(([id, section]) => ({ id, section }));
}

describe('mutualExclusion', () => {
  test('holds with at most one client in exclusive', () => {
    expect(mutualExclusion.violation(view({}))).toBeNull();
    expect(mutualExclusion.violation(view({ A: null, B: null }))).toBeNull();
    expect(mutualExclusion.violation(view({ A: 'exclusive', B: 'sync', C: 'sync' }))).toBeNull();
  });

  test('fails with two or more in exclusive, naming them in client order', () => {
    expect(mutualExclusion.violation(view({ A: 'exclusive', S: 'sync', B: 'exclusive' }))).toBe('A and B hold EXCLUSIVE at once');
    expect(mutualExclusion.violation(view({ C: 'exclusive', A: 'exclusive', B: 'exclusive' }))).toBe('C and A and B hold EXCLUSIVE at once');
  });

  test('needs two holders to fail', () => {
    expect(mutualExclusion.holdersToFail).toBe(2);
  });
});

describe('exclusiveExcludesSync', () => {
  test('holds when nobody is exclusive, or nobody else syncs', () => {
    expect(exclusiveExcludesSync.violation(view({ A: 'sync', B: 'sync' }))).toBeNull();
    expect(exclusiveExcludesSync.violation(view({ A: 'exclusive', B: null }))).toBeNull();
    // Two exclusives break the other property, not this one.
    expect(exclusiveExcludesSync.violation(view({ A: 'exclusive', B: 'exclusive' }))).toBeNull();
  });

  test('fails when one client is exclusive while another syncs, naming both', () => {
    expect(exclusiveExcludesSync.violation(view({ S: 'sync', A: 'exclusive' }))).toBe('A holds EXCLUSIVE while S is syncing');
    expect(exclusiveExcludesSync.violation(view({ A: 'exclusive', S: 'sync', T: 'sync' }))).toBe('A holds EXCLUSIVE while S is syncing');
  });

  test('needs two holders to fail', () => {
    expect(exclusiveExcludesSync.holdersToFail).toBe(2);
  });
});

describe('the property registry', () => {
  test('lists both properties, each with a one-line statement', () => {
    expect(safetyProperties.map((property) => property.name)).toStrictEqual(['mutualExclusion', 'exclusiveExcludesSync']);
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
            if (holding < property.holdersToFail) expect(property.violation(current)).toBeNull();
          }
        }
      }
    }
  });
});
