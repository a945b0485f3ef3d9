// A map keyed by a short sequence of 32-bit integers, written word by word
// into a scratch key: no string is built per lookup (a string key, built and
// hashed on every step of the search, cost more than the step it saved).
// Keys are compared word for word, so a hash collision never returns another
// key's value. Bounded: once it holds entriesMax entries it is emptied.

import { avalanche64 } from './avalanche64.ts';

type Entry<Value> = { readonly words: Int32Array; readonly value: Value; next: Entry<Value> | null };

const keyWordsMax = 1 << 16;

export class WordKeyMap<Value> {
  private readonly buckets = new Map<number, Entry<Value>>();
  private key = new Int32Array(32);
  private length = 0;
  private readonly hashOut = new Uint32Array(2);
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

  private matches(entry: Entry<Value>): boolean {
    const words = entry.words;
    if (words.length !== this.length) return false;
    for (let index = 0; index < words.length; index += 1) if (words[index] !== this.key[index]) return false;
    return true;
  }

  /** The value stored under the key built since begin(), if any. */
  get(): Value | undefined {
    for (let entry = this.buckets.get(this.hash()) ?? null; entry !== null; entry = entry.next) {
      if (this.matches(entry)) return entry.value;
    }
    return undefined;
  }

  /** Stores a value under the key built since begin() (the caller has seen get() miss). */
  set(value: Value): void {
    if (this.size >= this.entriesMax) {
      this.buckets.clear();
      this.size = 0;
    }
    const hash = this.hash();
    const entry: Entry<Value> = { words: this.key.slice(0, this.length), value, next: this.buckets.get(hash) ?? null };
    this.buckets.set(hash, entry);
    this.size += 1;
  }
}
