// A map keyed by a short sequence of 32-bit integers, written word by word
// into a scratch key: no string is built per lookup (a string key, built and
// hashed on every step of the search, cost more than the step it saved).
// Keys are compared word for word, so a hash collision never returns another
// key's value. Bounded: once it holds entriesMax entries it is emptied.
//
// Flat: every stored key's words sit in one typed array, found through an
// open-addressed table of entry numbers, so a lookup reads two arrays and
// compares in place (a Map of chained entries, each with its own small
// typed array, cost a few cache misses per lookup).

import { avalanche64 } from './avalanche64.ts';

const keyWordsMax = 1 << 16;

/** Table slots per entry at most (half full), so that probe runs stay short. */
const loadMax = 0.5;

export class WordKeyMap<Value> {
  private key = new Int32Array(32);
  private length = 0;
  private readonly hashOut = new Uint32Array(2);
  /** Open-addressed: entry number + 1 per slot, 0 for an empty slot. */
  private slots = new Int32Array(1 << 10);
  /** Every stored key's words, one after the other. */
  private keyWords = new Int32Array(1 << 12);
  private keyWordsUsed = 0;
  /** Per entry: where its key starts in keyWords, its length, its hash. */
  private starts = new Int32Array(1 << 9);
  private lengths = new Int32Array(1 << 9);
  private hashes = new Int32Array(1 << 9);
  private values: Value[] = [];
  size = 0;

  constructor(private readonly entriesMax: number) {
    if (!(entriesMax >= 1)) throw new Error('word key map: entriesMax must be positive');
  }

  /** Starts a new key. */
  begin(): void {
    this.length = 0;
  }

  /** Appends one word to the key being built. */
  add(word: number): void {
    if ((word | 0) !== word) throw new Error(`word key map: ${word} is not a 32-bit integer`);
    if (this.length === this.key.length) {
      if (this.length >= keyWordsMax) throw new Error('word key map: key longer than 65,536 words');
      const grown = new Int32Array(this.length * 2);
      grown.set(this.key);
      this.key = grown;
    }
    this.key[this.length] = word;
    this.length += 1;
  }

  private hash(): number {
    let high = 0x9e3779b9 ^ this.length;
    let low = 0x7f4a7c15;
    for (let index = 0; index < this.length; index += 1) {
      high = Math.imul(high ^ this.key[index]!, 0x01000193);
      low = Math.imul(low + this.key[index]!, 0x5bd1e995);
      low ^= low >>> 13;
    }
    avalanche64(high, low, this.hashOut);
    return this.hashOut[0]! | 0;
  }

  /** Whether entry `entry` holds the key built since begin(). */
  private matches(entry: number, hash: number): boolean {
    const length = this.length;
    if (this.hashes[entry] !== hash || this.lengths[entry] !== length) return false;
    const words = this.keyWords;
    const key = this.key;
    const start = this.starts[entry]!;
    for (let index = 0; index < length; index += 1) if (words[start + index] !== key[index]) return false;
    return true;
  }

  /** The slot holding the key built since begin(), or the empty slot where it would go. */
  private find(hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    // Bounded: the table is at most half full, so an empty slot ends every probe run.
    for (let probes = 0; probes <= mask; probes += 1) {
      const held = slots[slot]!;
      if (held === 0 || this.matches(held - 1, hash)) return slot;
      slot = (slot + 1) & mask;
    }
    throw new Error('word key map: table full');
  }

  /** The value stored under the key built since begin(), if any. */
  get(): Value | undefined {
    const held = this.slots[this.find(this.hash())]!;
    return held === 0 ? undefined : this.values[held - 1];
  }

  /** Stores a value under the key built since begin() (the caller has seen get() miss). */
  set(value: Value): void {
    if (this.size >= this.entriesMax) this.clear();
    if (this.size + 1 > this.slots.length * loadMax) this.growSlots();
    const hash = this.hash();
    const slot = this.find(hash);
    if (this.slots[slot] !== 0) throw new Error('word key map: set of a key already stored');
    const entry = this.size;
    if (entry === this.starts.length) this.growEntries();
    const length = this.length;
    if (this.keyWordsUsed + length > this.keyWords.length) this.growKeyWords(this.keyWordsUsed + length);
    const start = this.keyWordsUsed;
    this.keyWords.set(this.key.subarray(0, length), start);
    this.keyWordsUsed = start + length;
    this.starts[entry] = start;
    this.lengths[entry] = length;
    this.hashes[entry] = hash;
    this.values[entry] = value;
    this.slots[slot] = entry + 1;
    this.size = entry + 1;
  }

  private clear(): void {
    this.slots.fill(0);
    this.values = [];
    this.keyWordsUsed = 0;
    this.size = 0;
  }

  private growSlots(): void {
    const capacity = this.slots.length * 2;
    if (capacity > 1 << 30) throw new Error('word key map: more than 2^30 slots');
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let entry = 0; entry < this.size; entry += 1) {
      let slot = this.hashes[entry]! & mask;
      for (let probes = 0; slots[slot] !== 0; probes += 1) {
        if (probes > mask) throw new Error('word key map: table full while growing');
        slot = (slot + 1) & mask;
      }
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }

  private growEntries(): void {
    const capacity = this.starts.length * 2;
    const grown = (old: Int32Array): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(capacity);
      next.set(old);
      return next;
    };
    this.starts = grown(this.starts);
    this.lengths = grown(this.lengths);
    this.hashes = grown(this.hashes);
  }

  private growKeyWords(needed: number): void {
    let capacity = this.keyWords.length * 2;
    while (capacity < needed) capacity *= 2;
    if (capacity > 2 ** 30) throw new Error('word key map: more than 2^30 key words');
    const grown = new Int32Array(capacity);
    grown.set(this.keyWords.subarray(0, this.keyWordsUsed));
    this.keyWords = grown;
  }
}
