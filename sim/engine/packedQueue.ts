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
    if (!Number.isInteger(value) || value > 0x7fffffff || value < -0x80000000) throw new Error(`packed queue: ${value} is not a 32-bit integer`);
    // Zigzag: small negative numbers become small positive ones.
    let rest = value >= 0 ? value * 2 : -value * 2 - 1;
    while (rest >= 0x80) {
      this.bytes[this.writeAt] = (rest % 0x80) | 0x80;
      this.writeAt += 1;
      rest = Math.floor(rest / 0x80);
    }
    this.bytes[this.writeAt] = rest;
    this.writeAt += 1;
  }

  private readVarint(): number {
    let result = 0;
    let scale = 1;
    for (let shifts = 0; shifts < 5; shifts += 1) {
      if (this.readAt >= this.writeAt) throw new Error('packed queue: read past the end');
      const byte = this.bytes[this.readAt]!;
      this.readAt += 1;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      scale *= 0x80;
    }
    throw new Error('packed queue: a varint longer than 5 bytes');
  }

  push(words: ArrayLike<number>, extra: number): void {
    // At most 5 bytes per 32-bit word, plus the count and the extra.
    this.ensure(5 * (words.length + 2));
    this.writeVarint(words.length);
    for (let index = 0; index < words.length; index += 1) this.writeVarint(words[index]!);
    this.writeVarint(extra);
    this.size += 1;
  }

  /** The next entry's words (valid until the next shift) and its extra integer. */
  shift(): { words: Int32Array; extra: number } {
    if (this.size === 0) throw new Error('packed queue: shift of an empty queue');
    const count = this.readVarint();
    if (count > this.words.length) this.words = new Int32Array(Math.max(count, this.words.length * 2));
    const words = this.words;
    for (let index = 0; index < count; index += 1) words[index] = this.readVarint();
    const extra = this.readVarint();
    this.size -= 1;
    if (this.size === 0) {
      this.readAt = 0;
      this.writeAt = 0;
    }
    return { words: words.subarray(0, count), extra };
  }
}
