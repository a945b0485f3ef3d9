import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { PackedQueue } from '../../../sim/engine/packedQueue.ts';

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Words biased towards small values, their signs, and the extremes. */
const word = fc.oneof(int32, fc.constantFrom(0, -1, 1, 63, -64, 64, -65, 8191, -8192, 0x7fffffff, -0x80000000, 0x3fffffff, -0x40000000));
// A plain object (fc.record's have a null prototype, which toStrictEqual tells apart).
const entry = fc.tuple(fc.array(word, { maxLength: 40 }), word).map(([words, extra]) => ({ words, extra }));

function take(queue: PackedQueue): { words: number[]; extra: number } {
  const { words, extra } = queue.shift();
  return { words: Array.from(words), extra };
}

describe('PackedQueue', () => {
  test.prop([fc.array(entry, { maxLength: 60 })], { numRuns: 100 })('gives back every entry, words and extra, in the order pushed', (entries) => {
    const queue = new PackedQueue();
    for (const { words, extra } of entries) queue.push(Int32Array.from(words), extra);
    expect(queue.size).toBe(entries.length);
    const out = entries.map(() => take(queue));
    expect(out).toStrictEqual(entries);
    expect(queue.size).toBe(0);
    expect(queue.usedBytes).toBe(0);
  });

  test.prop([fc.array(fc.oneof(entry.map((value) => ({ push: value })), fc.constant({ push: null })), { maxLength: 120 })], { numRuns: 100 })(
    'pushes and shifts interleaved behave as a FIFO; the queue starts over once empty',
    (operations) => {
      const queue = new PackedQueue();
      const model: { words: number[]; extra: number }[] = [];
      for (const { push } of operations) {
        if (push !== null) {
          queue.push(push.words, push.extra);
          model.push(push);
        } else if (model.length > 0) {
          expect(take(queue)).toStrictEqual(model.shift());
        } else {
          expect(() => queue.shift()).toThrow('packed queue: shift of an empty queue');
        }
        expect(queue.size).toBe(model.length);
        if (model.length === 0) expect(queue.usedBytes).toBe(0);
      }
    },
  );

  test('an entry takes its words and two more (count and extra), four bytes each', () => {
    const queue = new PackedQueue();
    queue.push([0, 1, -1, 63, -64], 2);
    expect(queue.usedBytes).toBe(4 * 7);
    queue.push([0x7fffffff, -0x80000000], 0);
    expect(queue.usedBytes).toBe(4 * (7 + 4));
    queue.push([], 5);
    expect(queue.usedBytes).toBe(4 * (11 + 2));
  });

  test('grows past its first buffer and keeps every entry', () => {
    const queue = new PackedQueue();
    const initial = queue.capacityBytes;
    const words = Int32Array.from({ length: 1_000 }, (_, index) => (index % 2 === 0 ? 0x7fffffff - index : -0x80000000 + index));
    // 4 bytes a word: 40 entries are about 160 KB.
    for (let index = 0; index < 40; index += 1) queue.push(words, index);
    expect(queue.capacityBytes).toBeGreaterThan(initial);
    expect(queue.usedBytes).toBeLessThanOrEqual(queue.capacityBytes);
    for (let index = 0; index < 40; index += 1) {
      const { words: got, extra } = queue.shift();
      expect(extra).toBe(index);
      expect(got.length).toBe(words.length);
      expect(got.every((value, at) => value === words[at])).toBe(true);
    }
    expect(queue.size).toBe(0);
  });

  test('an entry longer than the previous ones is read whole', () => {
    const queue = new PackedQueue();
    const long = Array.from({ length: 1_000 }, (_, index) => index - 500);
    queue.push([1, 2], 0);
    queue.push(long, 1);
    expect(take(queue)).toStrictEqual({ words: [1, 2], extra: 0 });
    expect(take(queue)).toStrictEqual({ words: long, extra: 1 });
  });

  test('rejects what is not a 32-bit integer', () => {
    const queue = new PackedQueue();
    expect(() => queue.push([0x80000000], 0)).toThrow('is not a 32-bit integer');
    expect(() => queue.push([-0x80000001], 0)).toThrow('is not a 32-bit integer');
    expect(() => queue.push([1.5], 0)).toThrow('is not a 32-bit integer');
    expect(() => new PackedQueue().push([], Number.NaN)).toThrow('is not a 32-bit integer');
  });
});
