import { describe, expect, test } from 'vitest';
import { NotSerialisable } from '../../../sim/engine/canonicalJson.ts';
import { Interner } from '../../../sim/engine/interner.ts';

describe('Interner', () => {
  test('equal data gets one id, whatever its key order; different data different ids', () => {
    const interner = new Interner(100);
    const a = interner.keyOf({ pc: 'start', n: 1 }, 'state');
    expect(interner.keyOf({ n: 1, pc: 'start' }, 'state')).toBe(a);
    expect(interner.keyOf({ pc: 'start', n: 1 }, 'state')).toBe(a);
    const b = interner.keyOf({ pc: 'start', n: 2 }, 'state');
    expect(b).not.toBe(a);
    expect(interner.keyOf('start', 'name')).not.toBe(a);
    expect([0, 1, 2].map((key) => interner.textOf(key))).toStrictEqual(['{"n":1,"pc":"start"}', '{"n":2,"pc":"start"}', '"start"']);
  });

  test('ids are dense, in order of first sight', () => {
    const interner = new Interner(100);
    expect([1, 2, 1, 3, 2].map((value) => interner.keyOf(value, 'v'))).toStrictEqual([0, 1, 0, 2, 1]);
  });

  test('id() interns canonical text directly, sharing ids with keyOf', () => {
    const interner = new Interner(100);
    expect(interner.id('{"a":1}')).toBe(0);
    expect(interner.keyOf({ a: 1 }, 'v')).toBe(0);
  });

  test('rejects data that is not serialisable', () => {
    const interner = new Interner(100);
    expect(() => interner.keyOf({ x: Number.NaN }, 'state')).toThrow(new NotSerialisable('state.x is NaN, not a finite number'));
    expect(() => interner.keyOf({ f: () => 1 }, 'state')).toThrow(NotSerialisable);
  });

  test('rejects a non-serialisable value even when a valid value with the same JSON text was seen first', () => {
    // Regression: the fast path trusted native JSON text, which writes NaN
    // as null and drops undefined fields, so once { x: null } was interned,
    // { x: NaN } silently got its id instead of a NotSerialisable error.
    const interner = new Interner(100);
    const id = interner.keyOf({ x: null, list: [1] }, 'state');
    expect(() => interner.keyOf({ x: Number.NaN, list: [1] }, 'state')).toThrow(new NotSerialisable('state.x is NaN, not a finite number'));
    expect(() => interner.keyOf({ x: null, list: [1], gone: undefined }, 'state')).toThrow(new NotSerialisable('state.gone is undefined, not serialisable data'));
    expect(() => interner.keyOf({ x: null, list: [1], f: () => 1 }, 'state')).toThrow(NotSerialisable);
    expect(() => interner.keyOf({ x: Number.POSITIVE_INFINITY, list: [1] }, 'state')).toThrow('state.x is Infinity, not a finite number');
    interner.keyOf({ when: '1970-01-01T00:00:00.000Z' }, 'state');
    expect(() => interner.keyOf({ when: new Date(0) }, 'state')).toThrow('state.when is a Date, not a plain object');
    expect(interner.keyOf({ list: [1], x: null }, 'state')).toBe(id);
  });

  test('is bounded: more distinct values than its limit is an error', () => {
    const interner = new Interner(3);
    for (const value of [1, 2, 3]) interner.keyOf(value, 'v');
    expect(interner.keyOf(2, 'v')).toBe(1);
    expect(() => interner.keyOf(4, 'v')).toThrow('interner: more than 3 distinct values');
  });
});
