import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DecodeReuse } from '../../../sim/engine/decodeReuse.ts';
import type { ClientSlot, FileVersion } from '../../../sim/engine/world.ts';

/** A stand-in slot: DecodeReuse only keeps and returns it, so any distinct object will do. */
function slotFor(label: string): ClientSlot {
  return { label } as unknown as ClientSlot;
}

const segment = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 4 });
const context = fc.record({ anchor: fc.integer({ min: 0, max: 2 }), crashesLeft: fc.integer({ min: 0, max: 1 }) });

describe('DecodeReuse', () => {
  // A model of what it may return: a slot kept for exactly these words in exactly this context, or nothing.
  test.prop([fc.array(fc.record({ client: fc.integer({ min: 0, max: 2 }), words: segment, tail: segment, context }), { minLength: 1, maxLength: 300 })])(
    'returns only a slot kept from equal words in the same context, with their length',
    (decodes) => {
      const reuse = new DecodeReuse(3);
      const kept = new Map<ClientSlot, { client: number; words: string; anchor: number; crashesLeft: number }>();
      for (const { client, words, tail, context: { anchor, crashesLeft } } of decodes) {
        // The segment is followed by other words (the next client's), as in an encoding.
        const all = [...words, ...tail];
        const found = reuse.slot(client, all, 0, all.length, anchor, crashesLeft);
        if (found !== null) {
          const known = kept.get(found)!;
          expect(known.client).toBe(client);
          expect(known.anchor).toBe(anchor);
          expect(known.crashesLeft).toBe(crashesLeft);
          const length = reuse.slotLength(client);
          expect(all.slice(0, length).join(',')).toBe(known.words);
          continue;
        }
        const made = slotFor(`${client}:${words.join(',')}`);
        reuse.keepSlot(client, all, 0, words.length, anchor, crashesLeft, made);
        kept.set(made, { client, words: words.join(','), anchor, crashesLeft });
      }
    },
  );

  test('gives back each of many slots decoded in turn, not only the last one', () => {
    const reuse = new DecodeReuse(1);
    const made: ClientSlot[] = [];
    for (let value = 0; value < 40; value += 1) {
      const words = [value, 7];
      expect(reuse.slot(0, words, 0, 2, 0, 0)).toBeNull();
      made.push(slotFor(String(value)));
      reuse.keepSlot(0, words, 0, 2, 0, 0, made[value]!);
    }
    // Forty segments fit 256 ways but for hash collisions: most are still there.
    let found = 0;
    for (let value = 0; value < 40; value += 1) if (reuse.slot(0, [value, 7], 0, 2, 0, 0) === made[value]) found += 1;
    expect(found).toBeGreaterThanOrEqual(30);
  });

  test('files match only the whole rest of the words, in the same anchor', () => {
    const reuse = new DecodeReuse(1);
    const files: readonly FileVersion[] = [];
    const words = [5, 1, 2, 3];
    expect(reuse.files(words, 1, 4, 0)).toBeNull();
    reuse.keepFiles(words, 1, 4, 0, files);
    expect(reuse.files(words, 1, 4, 0)).toBe(files);
    expect(reuse.files(words, 1, 4, 1)).toBeNull();
    expect(reuse.files([5, 1, 2, 3, 4], 1, 5, 0)).toBeNull();
    expect(reuse.files([5, 1, 2], 1, 3, 0)).toBeNull();
  });
});
