import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { WordKeyMap } from '../../../sim/engine/wordKeyMap.ts';

// Few distinct small words, so that keys repeat and share prefixes often.
const key = fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 6 });

function lookup(map: WordKeyMap<number>, words: readonly number[]): number | undefined {
  map.begin();
  for (const word of words) map.add(word);
  return map.get();
}

function store(map: WordKeyMap<number>, words: readonly number[], value: number): void {
  map.begin();
  for (const word of words) map.add(word);
  map.set(value);
}

describe('WordKeyMap', () => {
  test.prop([fc.array(fc.tuple(key, fc.nat()), { maxLength: 80 })], { numRuns: 200 })('behaves as a map keyed by the word sequence', (operations) => {
    const map = new WordKeyMap<number>(1 << 20);
    const model = new Map<string, number>();
    for (const [words, value] of operations) {
      const text = words.join(',');
      expect(lookup(map, words)).toBe(model.get(text));
      if (!model.has(text)) {
        store(map, words, value);
        model.set(text, value);
      }
    }
    for (const [text, value] of model) expect(lookup(map, text === '' ? [] : text.split(',').map(Number))).toBe(value);
  });

  it('tells apart keys that differ only in length', () => {
    const map = new WordKeyMap<number>(16);
    store(map, [0], 1);
    expect(lookup(map, [0, 0])).toBeUndefined();
    expect(lookup(map, [])).toBeUndefined();
    expect(lookup(map, [0])).toBe(1);
  });

  it('empties itself at its bound instead of growing past it', () => {
    const map = new WordKeyMap<number>(2);
    store(map, [1], 1);
    store(map, [2], 2);
    store(map, [3], 3);
    expect(map.size).toBe(1);
    expect(lookup(map, [1])).toBeUndefined();
    expect(lookup(map, [3])).toBe(3);
  });

  it('refuses a word that is not a 32-bit integer', () => {
    const map = new WordKeyMap<number>(2);
    map.begin();
    expect(() => map.add(2 ** 31)).toThrow(/32-bit/);
    expect(() => map.add(0.5)).toThrow(/32-bit/);
  });
});
