// A FIFO of encoded worlds in one growable Int32Array: each entry is its
// word count, the words, and one extra integer (the state's index in the
// search). A world of a few dozen words costs a few dozen words, instead of
// the hundreds of bytes a live World object holds. The words are kept as
// they are, not as varints: the encoder already packs small fields into
// shared words (sim/engine/stateEncoder.ts), so that a varint of a state
// saved less than half its bytes, and coding and decoding it took a tenth
// of the search's time; a copy of 32-bit words takes almost none.

const initialWords = 1 << 14;
/** At most 2 GiB of words. */
const wordsMax = 2 ** 29;

export class PackedQueue {
  private data = new Int32Array(initialWords);
  /** Where the next entry goes, and where the next one to shift starts (in words). */
  private writeAt = 0;
  private readAt = 0;
  /** Entries pushed and not yet shifted. */
  size = 0;
  private words = new Int32Array(64);

  /** Bytes reserved by the queue. */
  get capacityBytes(): number {
    return this.data.byteLength;
  }

  /** Bytes the entries occupy. */
  get usedBytes(): number {
    return this.writeAt * 4;
  }

  private ensure(extra: number): void {
    const needed = this.writeAt + extra;
    if (needed <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < needed) capacity *= 2;
    if (capacity > wordsMax) throw new Error('packed queue: more than 2 GiB');
    const grown = new Int32Array(capacity);
    grown.set(this.data.subarray(0, this.writeAt));
    this.data = grown;
  }

  /** Appends `length` words (all by default) from index `from` (0 by default) and the extra integer. */
  push(words: ArrayLike<number>, extra: number, length: number = words.length, from = 0): void {
    if (!(length >= 0 && from >= 0 && from + length <= words.length)) throw new Error('packed queue: length out of range');
    if ((extra | 0) !== extra) throw new Error(`packed queue: ${extra} is not a 32-bit integer`);
    this.ensure(length + 2);
    const data = this.data;
    let at = this.writeAt;
    data[at] = length;
    at += 1;
    for (let index = from; index < from + length; index += 1) {
      const value = words[index]!;
      if ((value | 0) !== value) throw new Error(`packed queue: ${value} is not a 32-bit integer`);
      data[at] = value;
      at += 1;
    }
    data[at] = extra;
    this.writeAt = at + 1;
    this.size += 1;
  }

  /** The next entry's words (valid until the next shift) and its extra integer. */
  shift(): { words: Int32Array; extra: number } {
    const count = this.shiftInto();
    return { words: this.words.subarray(0, count), extra: this.shiftedExtra };
  }

  /** The words of the entry last taken by shiftInto (the first `count` of them; valid until the next shift). */
  get shiftedWords(): Int32Array {
    return this.words;
  }

  /** The extra integer of the entry last taken by shiftInto. */
  shiftedExtra = 0;

  /**
   * Takes the next entry: its words into shiftedWords, its extra integer into
   * shiftedExtra; returns its word count. The search's hot path: no view
   * and no object made per entry.
   */
  shiftInto(): number {
    if (this.size === 0) throw new Error('packed queue: shift of an empty queue');
    const data = this.data;
    const start = this.readAt;
    const count = data[start]!;
    if (!(count >= 0 && start + count + 2 <= this.writeAt)) throw new Error('packed queue: read past the end');
    if (count > this.words.length) this.words = new Int32Array(Math.max(count, this.words.length * 2));
    const words = this.words;
    for (let index = 0; index < count; index += 1) words[index] = data[start + 1 + index]!;
    this.shiftedExtra = data[start + 1 + count]!;
    this.readAt = start + count + 2;
    this.size -= 1;
    if (this.size === 0) {
      this.readAt = 0;
      this.writeAt = 0;
    }
    return count;
  }
}
