// What the state decoder keeps of its last decode, so that equal words give
// the same objects again instead of new ones: per client its slot, and the
// files. States expanded one after the other are mostly siblings, which
// share most clients and often all files, so that about half the slots and
// file lists of a search are reused.
//
// Why equal words are enough: the decoder reads a client's words (or the
// files) in a context of a few numbers (the anchor, and for a client the
// crashes left), and where they end follows from the words read. So the
// same words in the same context decode to an equal slot, ending at the
// same place. Sharing it between worlds is safe because worlds, slots and
// file versions are never changed once made (sim/engine/world.ts).

import type { ClientSlot, FileVersion } from './world.ts';

/** Words kept per segment before the segment is not kept (a list reply or a file list can be long). */
const keptWordsMax = 1 << 10;

/** One segment of the last decode: its words, their context, and what they decoded to. */
class KeptSegment<Value> {
  words = new Int32Array(32);
  length = -1;
  anchor = 0;
  crashesLeft = 0;
  value: Value | null = null;

  /** The value if the words from `start` (up to `end`) begin with this segment's words, decoded in the same context. */
  match(words: ArrayLike<number>, start: number, end: number, anchor: number, crashesLeft: number): Value | null {
    const length = this.length;
    if (!(end <= words.length)) throw new Error('decode reuse: end past the words');
    if (length < 0 || anchor !== this.anchor || crashesLeft !== this.crashesLeft || start + length > end) return null;
    const kept = this.words;
    for (let index = 0; index < length; index += 1) if (words[start + index] !== kept[index]) return null;
    return this.value;
  }

  keep(words: ArrayLike<number>, start: number, end: number, anchor: number, crashesLeft: number, value: Value): void {
    if (!(start >= 0 && end >= start && end <= words.length)) throw new Error('decode reuse: segment out of range');
    const length = end - start;
    if (length > keptWordsMax) {
      this.length = -1;
      this.value = null;
      return;
    }
    if (length > this.words.length) this.words = new Int32Array(Math.max(length, this.words.length * 2));
    for (let index = 0; index < length; index += 1) this.words[index] = words[start + index]!;
    this.length = length;
    this.anchor = anchor;
    this.crashesLeft = crashesLeft;
    this.value = value;
  }
}

export class DecodeReuse {
  private readonly slots: KeptSegment<ClientSlot>[] = [];
  private readonly fileList = new KeptSegment<readonly FileVersion[]>();

  constructor(clientCount: number) {
    if (!(Number.isInteger(clientCount) && clientCount >= 1)) throw new Error('decode reuse: client count must be a whole number >= 1');
    for (let index = 0; index < clientCount; index += 1) this.slots.push(new KeptSegment<ClientSlot>());
  }

  /** The last slot of client `index`, if its words begin `words` at `start` in the same context. */
  slot(index: number, words: ArrayLike<number>, start: number, end: number, anchor: number, crashesLeft: number): ClientSlot | null {
    return this.slots[index]!.match(words, start, end, anchor, crashesLeft);
  }

  /** How many words the last slot of client `index` took (after a match). */
  slotLength(index: number): number {
    return this.slots[index]!.length;
  }

  keepSlot(index: number, words: ArrayLike<number>, start: number, end: number, anchor: number, crashesLeft: number, slot: ClientSlot): void {
    this.slots[index]!.keep(words, start, end, anchor, crashesLeft, slot);
  }

  /** The last files, if their words are exactly the words from `start` to `end`, with the same anchor. */
  files(words: ArrayLike<number>, start: number, end: number, anchor: number): readonly FileVersion[] | null {
    if (this.fileList.length !== end - start) return null;
    return this.fileList.match(words, start, end, anchor, 0);
  }

  keepFiles(words: ArrayLike<number>, start: number, end: number, anchor: number, files: readonly FileVersion[]): void {
    this.fileList.keep(words, start, end, anchor, 0, files);
  }
}

/**
 * The encoder's side: the words one slot (or one file list) was last
 * encoded to, with the context they depend on. The key is the object
 * itself: slots and file lists are immutable, so the same object in the
 * same context encodes to the same words. Words that held an old time are
 * not kept, because old times are ranked against the whole world's.
 */
export class EncodedSegment<Key> {
  key: Key | null = null;
  anchor = 0;
  crashesLeft = 0;
  words = new Int32Array(32);
  length = 0;

  /** Keeps words [start, end) of `buffer` as `key`'s in this context; forgets any key when they cannot be reused. */
  keep(key: Key, anchor: number, crashesLeft: number, buffer: Int32Array, start: number, end: number, reusable: boolean): void {
    if (!(start >= 0 && end >= start && end <= buffer.length)) throw new Error('encoded segment: range out of bounds');
    const length = end - start;
    if (!reusable || length > keptWordsMax) {
      this.key = null;
      return;
    }
    if (length > this.words.length) this.words = new Int32Array(Math.max(length, this.words.length * 2));
    for (let index = 0; index < length; index += 1) this.words[index] = buffer[start + index]!;
    this.key = key;
    this.anchor = anchor;
    this.crashesLeft = crashesLeft;
    this.length = length;
  }
}
