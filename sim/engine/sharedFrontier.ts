/// <reference lib="es2024.sharedmemory" />
// One BFS level of a parallel exhaustive search, in shared memory: each
// thread appends the states it admits to a segment of its own, and in the
// next level every thread claims chunks of `entriesPerChunk` entries from
// every segment. An entry is the word count and the 32-bit words as they
// are (as in PackedQueue, and for its reason), with no extra integer (the
// parallel search keeps no parent links). A segment is a growable
// SharedArrayBuffer of entries, an index (growable too) of the word offset
// of every `entriesPerChunk`-th entry, so that a chunk starts on an entry,
// and two words in a shared `meta` array: entries, words used. Only the owner
// writes a segment, and readers read it in the next level, after a barrier.

import { growShared } from './sharedInterner.ts';

export const entriesPerChunk = 64;
/** As PackedQueue's bound. */
const segmentBytesMax = 2 ** 31;
const indexBytesMax = 2 ** 28;

export type SegmentBuffers = { data: SharedArrayBuffer; index: SharedArrayBuffer };

export function createSegmentBuffers(): SegmentBuffers {
  return {
    data: new SharedArrayBuffer(1 << 16, { maxByteLength: segmentBytesMax }),
    index: new SharedArrayBuffer(1 << 12, { maxByteLength: indexBytesMax }),
  };
}

/** Words of `meta` a segment uses. */
export const metaWordsPerSegment = 2;

export class SegmentWriter {
  /** Fixed-length views (a length-tracking view of a growable buffer is many times slower), made again on growth. */
  private data: Int32Array;
  private index: Int32Array;
  /** In words. */
  private writeAt = 0;
  private entries = 0;

  constructor(
    private readonly buffers: SegmentBuffers,
    private readonly meta: Int32Array,
    private readonly slot: number,
  ) {
    this.data = new Int32Array(buffers.data, 0, buffers.data.byteLength >> 2);
    this.index = new Int32Array(buffers.index, 0, buffers.index.byteLength >> 2);
  }

  /** Bytes the segment's buffers hold now. */
  get capacityBytes(): number {
    return this.buffers.data.byteLength + this.buffers.index.byteLength;
  }

  /** Empties the segment (its readers are done with it). */
  reset(): void {
    this.writeAt = 0;
    this.entries = 0;
    this.publish();
  }

  /** Appends an entry: `count` 32-bit words of `words` from `start`, as the state encoder writes them (an Int32Array, so they are never checked one by one). */
  push(words: Int32Array, count: number = words.length, start = 0): void {
    if (!(count >= 0 && start >= 0 && start + count <= words.length)) throw new Error('frontier segment: length out of range');
    const needed = this.writeAt + count + 1;
    if (needed > this.data.length) {
      growShared(this.buffers.data, needed * 4, 'frontier segment');
      this.data = new Int32Array(this.buffers.data, 0, this.buffers.data.byteLength >> 2);
    }
    if (this.entries % entriesPerChunk === 0) {
      const chunk = this.entries / entriesPerChunk;
      if (chunk >= this.index.length) {
        growShared(this.buffers.index, (chunk + 1) * 4, 'frontier index');
        this.index = new Int32Array(this.buffers.index, 0, this.buffers.index.byteLength >> 2);
      }
      this.index[chunk] = this.writeAt;
    }
    const data = this.data;
    let at = this.writeAt;
    data[at] = count;
    at += 1;
    for (let word = 0; word < count; word += 1) data[at + word] = words[start + word]!;
    this.writeAt = at + count;
    this.entries += 1;
  }

  /** Entries pushed since the last reset. */
  get size(): number {
    return this.entries;
  }

  /** Makes the entries count and words used visible to other threads (after a barrier). */
  publish(): void {
    Atomics.store(this.meta, this.slot * metaWordsPerSegment, this.entries);
    Atomics.store(this.meta, this.slot * metaWordsPerSegment + 1, this.writeAt);
  }
}

export class SegmentReader {
  private data: Int32Array;
  private index: Int32Array;
  private words = new Int32Array(64);

  constructor(
    private readonly buffers: SegmentBuffers,
    private readonly meta: Int32Array,
    private readonly slot: number,
  ) {
    this.data = new Int32Array(buffers.data, 0, buffers.data.byteLength >> 2);
    this.index = new Int32Array(buffers.index, 0, buffers.index.byteLength >> 2);
  }

  get entries(): number {
    return Atomics.load(this.meta, this.slot * metaWordsPerSegment);
  }

  get usedBytes(): number {
    return 4 * this.usedWords;
  }

  private get usedWords(): number {
    return Atomics.load(this.meta, this.slot * metaWordsPerSegment + 1);
  }

  get chunks(): number {
    return Math.ceil(this.entries / entriesPerChunk);
  }

  /** Views the buffers as their owner left them: call once a level, after the barrier. */
  refresh(): void {
    if (this.data.length * 4 !== this.buffers.data.byteLength) this.data = new Int32Array(this.buffers.data, 0, this.buffers.data.byteLength >> 2);
    if (this.index.length * 4 !== this.buffers.index.byteLength) this.index = new Int32Array(this.buffers.index, 0, this.buffers.index.byteLength >> 2);
  }

  /**
   * Calls `visit` with each entry's words of chunk `chunk` (the first
   * `count` words of an array valid until the next entry), until it returns
   * false; returns false then. The search's hot path: no view made per entry.
   */
  readChunk(chunk: number, visit: (words: Int32Array, count: number) => boolean): boolean {
    const entries = this.entries;
    const first = chunk * entriesPerChunk;
    if (!(chunk >= 0 && first < entries)) throw new Error(`frontier segment: no chunk ${chunk}`);
    const last = Math.min(entries, first + entriesPerChunk);
    const data = this.data;
    const end = this.usedWords;
    let at = this.index[chunk]!;
    for (let entry = first; entry < last; entry += 1) {
      if (at >= end) throw new Error('frontier segment: read past the end');
      const count = data[at]!;
      if (!(count >= 0)) throw new Error('frontier segment: a negative entry length');
      if (at + 1 + count > end) throw new Error('frontier segment: read past the end');
      if (count > this.words.length) this.words = new Int32Array(Math.max(count, this.words.length * 2));
      const words = this.words;
      for (let index = 0; index < count; index += 1) words[index] = data[at + 1 + index]!;
      at += 1 + count;
      if (!visit(words, count)) return false;
    }
    return true;
  }
}
