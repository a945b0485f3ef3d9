/// <reference lib="es2024.sharedmemory" />
// The interner's table when several threads explore one state space: the
// canonical texts of values, and their ids, in SharedArrayBuffers, so that
// every thread's encodings use the same ids. Content addressed: a 64-bit hash
// of the text picks a slot (open addressing, linear probing). Lock-free:
//
// - a thread claims an empty slot with Atomics.compareExchange on its first
//   word (the hash's high half, forced nonzero), then publishes the low
//   half, then takes the next id (Atomics.add), copies the text into the
//   arena at an Atomics.add-allocated offset and writes the id's directory
//   entry (offset, then length + 1), and publishes the id + 1 in the slot as
//   its last store;
// - a thread that finds the same high half spins until the id is published,
//   then compares the low half and the text, and probes on if either
//   differs (two texts with one hash: both get slots of their own).
//
// Ids are dense (0, 1, 2, ... in order of first insertion), not slot
// indices, so that an interner that ran alone can move its ids here as they
// are (see Interner.share). Bounded: `slotsLog2` slots, of which at most
// three quarters are used (more distinct values is a SharedCapacityError),
// and a growable arena of at most `arenaBytesMax` bytes of UTF-8 text.

import { avalanche64 } from './avalanche64.ts';

/** A table too small for this search: the parallel search gives way to the sequential one, whose bounds differ. */
export class SharedCapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedCapacityError';
  }
}

export type SharedInternerBuffers = {
  slotsLog2: number;
  /** Three words a slot: hash high (nonzero when claimed), hash low, id + 1 (0 until published, `deadSlot` if abandoned). */
  slots: SharedArrayBuffer;
  /** Two words an id: the text's arena offset, its byte length + 1 (0 until published). Growable. */
  directory: SharedArrayBuffer;
  /** The texts, UTF-8. Growable. */
  arena: SharedArrayBuffer;
  /** [ids taken, arena bytes taken]. */
  counters: SharedArrayBuffer;
};

export const sharedSlotsLog2Default = 22;
export const arenaBytesMaxDefault = 256 * 2 ** 20;
const loadMax = 0.75;
const deadSlot = 0xffffffff;
const wordsPerSlot = 3;

/** 64-bit hash of a string's UTF-16 code units, as two 32-bit halves. */
export function hashText(text: string, out: Uint32Array): void {
  let high = 0x811c9dc5 ^ text.length;
  let low = 0x9747b28c ^ Math.imul(text.length, 0x85ebca6b);
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low + code, 0x5bd1e995);
    low ^= low >>> 15;
  }
  avalanche64(high, low, out);
}

/** Grows a growable SharedArrayBuffer to at least `needed` bytes; another thread may grow it at the same time. */
export function growShared(buffer: SharedArrayBuffer, needed: number, what: string): void {
  while (buffer.byteLength < needed) {
    if (needed > buffer.maxByteLength) throw new SharedCapacityError(`${what}: more than ${buffer.maxByteLength} bytes`);
    const target = Math.min(buffer.maxByteLength, Math.max(needed, buffer.byteLength * 2));
    const before = buffer.byteLength;
    try {
      buffer.grow(target);
    } catch (error) {
      // grow() refuses to shrink: another thread grew it past `target` first, so look again; anything else is real.
      if (!(error instanceof RangeError) || buffer.byteLength === before) throw error;
    }
  }
}

export class SharedInternerTable {
  readonly buffers: SharedInternerBuffers;
  /** Most ids: three quarters of the slots, or the interner's own limit if lower. */
  readonly idsMax: number;
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly counters: Int32Array;
  /** Fixed-length views (fast) over the growable buffers, made again when a buffer has grown. */
  private directory: Int32Array;
  private arena: Uint8Array;
  private readonly hash = new Uint32Array(2);

  private constructor(buffers: SharedInternerBuffers, limit: number) {
    this.buffers = buffers;
    this.slots = new Uint32Array(buffers.slots);
    this.mask = (1 << buffers.slotsLog2) - 1;
    if (this.slots.length !== wordsPerSlot << buffers.slotsLog2) throw new Error('shared interner: slot buffer of the wrong size');
    this.counters = new Int32Array(buffers.counters);
    this.directory = new Int32Array(buffers.directory, 0, buffers.directory.byteLength >> 2);
    this.arena = new Uint8Array(buffers.arena, 0, buffers.arena.byteLength);
    this.idsMax = Math.min(limit, Math.floor((this.mask + 1) * loadMax));
  }

  static create(limit: number, slotsLog2 = sharedSlotsLog2Default, arenaBytesMax = arenaBytesMaxDefault): SharedInternerTable {
    if (!(slotsLog2 >= 4 && slotsLog2 <= 28)) throw new Error('shared interner: slot count out of range');
    const idsMax = Math.min(limit, Math.floor(2 ** slotsLog2 * loadMax));
    return new SharedInternerTable(
      {
        slotsLog2,
        slots: new SharedArrayBuffer(4 * (wordsPerSlot << slotsLog2)),
        directory: new SharedArrayBuffer(Math.min(1 << 16, 8 * idsMax + 8), { maxByteLength: 8 * idsMax + 8 }),
        arena: new SharedArrayBuffer(Math.min(1 << 20, arenaBytesMax), { maxByteLength: arenaBytesMax }),
        counters: new SharedArrayBuffer(8),
      },
      limit,
    );
  }

  static over(buffers: SharedInternerBuffers, limit: number): SharedInternerTable {
    return new SharedInternerTable(buffers, limit);
  }

  /** Distinct texts interned by every thread so far. */
  get size(): number {
    return Math.min(Atomics.load(this.counters, 0), this.idsMax);
  }

  /** Bytes reserved: the slots, the directory and the arena as they stand. */
  get bytes(): number {
    return this.buffers.slots.byteLength + this.buffers.directory.byteLength + this.buffers.arena.byteLength;
  }

  /** The id of a canonical text, inserting it if no thread has. */
  intern(text: string): number {
    hashText(text, this.hash);
    const high = this.hash[0]! === 0 ? 1 : this.hash[0]!;
    const low = this.hash[1]!;
    const slots = this.slots;
    let slot = low & this.mask;
    for (let probes = 0; probes <= this.mask; probes += 1) {
      const at = slot * wordsPerSlot;
      let claimed = Atomics.load(slots, at);
      if (claimed === 0) {
        claimed = Atomics.compareExchange(slots, at, 0, high);
        if (claimed === 0) return this.insert(at, low, text);
      }
      if (claimed === high) {
        let published = Atomics.load(slots, at + 2);
        while (published === 0) published = Atomics.load(slots, at + 2);
        if (published !== deadSlot && Atomics.load(slots, at + 1) === low && this.textOf(published - 1) === text) return published - 1;
      }
      slot = (slot + 1) & this.mask;
    }
    throw new SharedCapacityError('interner: shared table full');
  }

  private insert(at: number, low: number, text: string): number {
    Atomics.store(this.slots, at + 1, low);
    try {
      const id = Atomics.add(this.counters, 0, 1);
      if (id >= this.idsMax) throw new SharedCapacityError(`interner: more than ${this.idsMax} distinct values`);
      const length = Buffer.byteLength(text, 'utf8');
      const offset = Atomics.add(this.counters, 1, length);
      if (offset + length > this.buffers.arena.maxByteLength) throw new SharedCapacityError(`interner: more than ${this.buffers.arena.maxByteLength} bytes of text`);
      if (offset + length > this.arena.length) {
        growShared(this.buffers.arena, offset + length, 'interner arena');
        this.arena = new Uint8Array(this.buffers.arena, 0, this.buffers.arena.byteLength);
      }
      if (length > 0) Buffer.from(this.buffers.arena, offset, length).write(text, 'utf8');
      this.ensureDirectory(id);
      Atomics.store(this.directory, id * 2, offset);
      Atomics.store(this.directory, id * 2 + 1, length + 1);
      Atomics.store(this.slots, at + 2, id + 1);
      return id;
    } catch (error) {
      // Never leave a claimed slot unpublished: other threads spin on it.
      Atomics.store(this.slots, at + 2, deadSlot);
      throw error;
    }
  }

  private ensureDirectory(id: number): void {
    const needed = (id + 1) * 8;
    if (needed <= this.directory.byteLength) return;
    growShared(this.buffers.directory, needed, 'interner directory');
    this.directory = new Int32Array(this.buffers.directory, 0, this.buffers.directory.byteLength >> 2);
  }

  /** The text of an id some thread was given, or undefined for an id no thread was. */
  textOf(id: number): string | undefined {
    if (!(Number.isInteger(id) && id >= 0 && id < this.size)) return undefined;
    if ((id + 1) * 8 > this.directory.byteLength) {
      this.directory = new Int32Array(this.buffers.directory, 0, this.buffers.directory.byteLength >> 2);
      if ((id + 1) * 8 > this.directory.byteLength) return undefined;
    }
    const lengthPlusOne = Atomics.load(this.directory, id * 2 + 1);
    // Taken but not yet published: only a caller that guessed the id sees this.
    if (lengthPlusOne === 0) return undefined;
    const offset = Atomics.load(this.directory, id * 2);
    const length = lengthPlusOne - 1;
    if (offset + length > this.arena.length) this.arena = new Uint8Array(this.buffers.arena, 0, this.buffers.arena.byteLength);
    return length === 0 ? '' : Buffer.from(this.buffers.arena, offset, length).toString('utf8');
  }
}
