import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { canonicalJson, NotSerialisable } from '../../../sim/engine/canonicalJson.ts';

/** Rebuilds a value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, reverseKeys(child)]));
  }
  return value;
}

describe('canonicalJson', () => {
  test('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  test.prop([fc.jsonValue()])('is valid JSON that parses back to an equal value', (value) => {
    const text = canonicalJson(value);
    // JSON has no -0: it reads back as 0.
    expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(value)));
  });

  test.prop([fc.jsonValue()])('does not depend on key order', (value) => {
    expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
  });

  test('rejects non-finite numbers, naming the path', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(new NotSerialisable('state.a[1] is NaN, not a finite number'));
    expect(() => canonicalJson(Number.POSITIVE_INFINITY, 'x')).toThrow('x is Infinity, not a finite number');
  });

  test('rejects class instances, functions, undefined and bigints', () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('state.when is a Date, not a plain object');
    expect(() => canonicalJson(new Map())).toThrow('state is a Map, not a plain object');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('state.f is function, not serialisable data');
    expect(() => canonicalJson({ u: undefined })).toThrow('state.u is undefined, not serialisable data');
    expect(() => canonicalJson([undefined])).toThrow('state[0] is undefined, not serialisable data');
    expect(() => canonicalJson(1n)).toThrow('state is bigint, not serialisable data');
  });

  test('rejects a hole in an array like the undefined it reads as, rather than printing invalid JSON', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 2];
    expect(() => canonicalJson(sparse)).toThrow(new NotSerialisable('state[1] is undefined, not serialisable data'));
  });

  test('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });
});
