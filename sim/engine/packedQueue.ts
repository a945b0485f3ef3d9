// A FIFO of encoded worlds, packed as zigzag varints in one growable byte
// array: a world of a few dozen small integers costs tens of bytes instead
// of the hundreds a live World object holds. Each entry is its word count,
// the words, and one extra integer (the state's index in the search).

const initialBytes = 1 << 16;

export class PackedQueue {
  private bytes = new Uint8Array(initialBytes);
  private writeAt = 0;
  private readAt = 0;
  /** Entries pushed and not yet shifted. */
  size = 0;
  private words = new Int32Array(64);

  /** Bytes reserved by the queue. */
  get capacityBytes(): number {
    return this.bytes.byteLength;
  }

  /** Bytes the entries occupy. */
  get usedBytes(): number {
    return this.writeAt;
  }

  private ensure(extra: number): void {
    const needed = this.writeAt + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length;
    while (capacity < needed) capacity *= 2;
    if (capacity > 2 ** 31) throw new Error('packed queue: more than 2 GiB');
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.writeAt));
    this.bytes = grown;
  }

  private writeVarint(value: number): void {
    if ((value | 0) !== value) throw new Error(`packed queue: ${value} is not a 32-bit integer`);
    // Zigzag: small negative numbers become small positive ones.
    let rest = ((value << 1) ^ (value >> 31)) >>> 0;
    const bytes = this.bytes;
    let at = this.writeAt;
    while (rest >= 0x80) {
      bytes[at] = (rest & 0x7f) | 0x80;
      at += 1;
      rest >>>= 7;
    }
    bytes[at] = rest;
    this.writeAt = at + 1;
  }

  private readVarint(): number {
    const bytes = this.bytes;
    let at = this.readAt;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= this.writeAt) throw new Error('packed queue: read past the end');
      const byte = bytes[at]!;
      at += 1;
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.readAt = at;
        result >>>= 0;
        return (result >>> 1) ^ -(result & 1);
      }
    }
    throw new Error('packed queue: a varint longer than 5 bytes');
  }

  /** Appends `length` words (all by default) from index `from` (0 by default) and the extra integer. */
  push(words: ArrayLike<number>, extra: number, length: number = words.length, from = 0): void {
    if (!(length >= 0 && from >= 0 && from + length <= words.length)) throw new Error('packed queue: length out of range');
    // At most 5 bytes per 32-bit word, plus the count and the extra.
    this.ensure(5 * (length + 2));
    this.writeVarint(length);
    // The words' loop is writeVarint inlined, with the common one-byte case first: this runs for every queued word.
    const bytes = this.bytes;
    let at = this.writeAt;
    for (let index = from; index < from + length; index += 1) {
      const value = words[index]!;
      if ((value | 0) !== value) throw new Error(`packed queue: ${value} is not a 32-bit integer`);
      let rest = ((value << 1) ^ (value >> 31)) >>> 0;
      while (rest >= 0x80) {
        bytes[at] = (rest & 0x7f) | 0x80;
        at += 1;
        rest >>>= 7;
      }
      bytes[at] = rest;
      at += 1;
    }
    this.writeAt = at;
    this.writeVarint(extra);
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
    const count = this.readVarint();
    if (count > this.words.length) this.words = new Int32Array(Math.max(count, this.words.length * 2));
    const words = this.words;
    // readVarint inlined, as in push, with the common one-byte case first.
    const bytes = this.bytes;
    const end = this.writeAt;
    let at = this.readAt;
    for (let index = 0; index < count; index += 1) {
      if (at >= end) throw new Error('packed queue: read past the end');
      let result = bytes[at]!;
      at += 1;
      if (result >= 0x80) {
        result &= 0x7f;
        for (let shift = 7; ; shift += 7) {
          if (at >= end) throw new Error('packed queue: read past the end');
          if (shift > 28) throw new Error('packed queue: a varint longer than 5 bytes');
          const byte = bytes[at]!;
          at += 1;
          result |= (byte & 0x7f) << shift;
          if (byte < 0x80) break;
        }
        result >>>= 0;
      }
      words[index] = (result >>> 1) ^ -(result & 1);
    }
    this.readAt = at;
    this.shiftedExtra = this.readVarint();
    this.size -= 1;
    if (this.size === 0) {
      this.readAt = 0;
      this.writeAt = 0;
    }
    return count;
  }
}
