// What the state decoder keeps of its recent decodes, so that equal words
// give the same objects again instead of new ones: per client, slots in
// `slotWays` ways; file lists in `fileWays` ways. A segment's way is a hash
// of its first two words, and a way keeps the last segment decoded there.
// One way (the last decode's alone) reused about half the slots: states
// expanded one after the other are mostly siblings. But a level holds few
// distinct words per client (a client is in one of a few hundred states),
// so with 256 ways nearly every slot of a level is one already made: on
// bench/three-upgraders-syncer.yaml, 2.02 slots made per decoded state
// become 0.00 and decoding takes 185 ns a state instead of 330, with fewer
// young objects to collect and more memo hits for the protocol host, which
// knows recent slots by identity.
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

/** Ways per client's slots, and for the file lists (powers of two). */
const slotWays = 256;
const fileWays = 64;

/** Shared by every way that has kept nothing yet (never written: its length is 0). */
const noWords = new Int32Array(0);

/** Which way a segment that begins at `start` goes in, of `ways`: a hash of its first two words (one, at the end of the words). */
function wayOf(words: ArrayLike<number>, start: number, end: number, ways: number): number {
  const first = words[start]!;
  const second = start + 1 < end ? words[start + 1]! : 0;
  return (Math.imul(first ^ Math.imul(second, 0x9e3779b1), 0x85ebca6b) >>> 16) & (ways - 1);
}

/** One segment of a recent decode: its words, their context, and what they decoded to. */
class KeptSegment<Value> {
  /** Empty until the way first keeps a segment: an encoder makes hundreds of ways, and many are never used. */
  words: Int32Array = noWords;
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
    if (length > this.words.length) this.words = new Int32Array(Math.max(length, 32, this.words.length * 2));
    for (let index = 0; index < length; index += 1) this.words[index] = words[start + index]!;
    this.length = length;
    this.anchor = anchor;
    this.crashesLeft = crashesLeft;
    this.value = value;
  }
}

export class DecodeReuse {
  /** Client `index`'s ways are slots[index * slotWays, (index + 1) * slotWays). */
  private readonly slots: KeptSegment<ClientSlot>[] = [];
  private readonly fileLists: KeptSegment<readonly FileVersion[]>[] = [];
  /** Per client, the way its last `slot` call looked in (keepSlot and slotLength use it). */
  private readonly lastWays: number[] = [];
  private fileWay = 0;

  constructor(clientCount: number) {
    if (!(Number.isInteger(clientCount) && clientCount >= 1)) throw new Error('decode reuse: client count must be a whole number >= 1');
    for (let index = 0; index < clientCount * slotWays; index += 1) this.slots.push(new KeptSegment<ClientSlot>());
    for (let index = 0; index < fileWays; index += 1) this.fileLists.push(new KeptSegment<readonly FileVersion[]>());
    for (let index = 0; index < clientCount; index += 1) this.lastWays.push(0);
  }

  /** A recent slot of client `index`, if its words begin `words` at `start` in the same context. */
  slot(index: number, words: ArrayLike<number>, start: number, end: number, anchor: number, crashesLeft: number): ClientSlot | null {
    if (!(start < end)) throw new Error('decode reuse: a client segment past the end of the words');
    const way = wayOf(words, start, end, slotWays);
    this.lastWays[index] = way;
    return this.slots[index * slotWays + way]!.match(words, start, end, anchor, crashesLeft);
  }

  /** How many words the slot `slot` last returned for client `index` took. */
  slotLength(index: number): number {
    return this.slots[index * slotWays + this.lastWays[index]!]!.length;
  }

  /** Keeps a slot just decoded from words at the `start` of the last `slot` call for client `index`. */
  keepSlot(index: number, words: ArrayLike<number>, start: number, end: number, anchor: number, crashesLeft: number, slot: ClientSlot): void {
    this.slots[index * slotWays + this.lastWays[index]!]!.keep(words, start, end, anchor, crashesLeft, slot);
  }

  /** Recent files, if their words are exactly the words from `start` to `end`, with the same anchor. */
  files(words: ArrayLike<number>, start: number, end: number, anchor: number): readonly FileVersion[] | null {
    this.fileWay = start < end ? wayOf(words, start, end, fileWays) : 0;
    const kept = this.fileLists[this.fileWay]!;
    if (kept.length !== end - start) return null;
    return kept.match(words, start, end, anchor, 0);
  }

  /** Keeps files just decoded from the words of the last `files` call. */
  keepFiles(words: ArrayLike<number>, start: number, end: number, anchor: number, files: readonly FileVersion[]): void {
    this.fileLists[this.fileWay]!.keep(words, start, end, anchor, 0, files);
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
