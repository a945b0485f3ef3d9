/// <reference lib="es2024.sharedmemory" />
// The set of 64-bit state fingerprints that every thread of a parallel
// exhaustive search inserts into (see sim/engine/fingerprintSet.ts for the
// one-thread set). Two 32-bit words a slot, open addressing with linear
// probing, lock-free: a thread claims an empty slot by
// Atomics.compareExchange of its first word (the high half, forced nonzero)
// and then publishes the second (the low half, forced nonzero); a thread that
// meets a claimed slot with its high half spins until the low half is there.
// Forcing the halves nonzero merges fingerprints that differ only by a 0
// against a 1 in one half: a 2^-31 share of the collision chance reported
// with the verdict, which stays of the same order.
//
// Capacity. The table is a growable SharedArrayBuffer of at most
// 2^maxCapacityLog2 slots (the search chooses it from maxStates and its
// memory bound). No thread may insert while it grows: `grow` is called by
// one thread while every other one waits (sim/explore/parallelLevel.ts
// pauses them at a state boundary), and the others call `refresh` after.
// A fixed table sized for maxStates up front would be touched all over at
// once: page faults on every insertion and its whole size resident however
// few states the search has. The count is an Atomics.add counter that each
// thread adds to in batches (one contended cache line per insertion costs
// several per cent), so the size `add` returns is a lower bound until every
// thread has called `flush`.

/** [count, capacityLog2]. */
export type SharedFingerprintBuffers = { table: SharedArrayBuffer; header: SharedArrayBuffer };

/** Past this load the set asks to grow; it still takes insertions up to `hardLoad`. */
const growLoad = 0.5;
const hardLoad = 0.9;
/** Insertions a thread counts by itself before adding them to the shared count. */
const countBatch = 256;

export class SharedFingerprintSet {
  readonly buffers: SharedFingerprintBuffers;
  private readonly header: Int32Array;
  private table: Uint32Array;
  private mask = 0;
  private capacityLog2 = 0;
  private readonly maxCapacityLog2: number;
  /** Inserting past this many states, ask to grow (infinite at the largest capacity). */
  growAt = 0;
  /** Past this many states the table is too full to go on. */
  hardLimit = 0;
  /** This thread's insertions not yet in the shared count, and that count as last seen. */
  private pending = 0;
  private counted = 0;

  private constructor(buffers: SharedFingerprintBuffers) {
    this.buffers = buffers;
    this.header = new Int32Array(buffers.header);
    this.maxCapacityLog2 = Math.log2(buffers.table.maxByteLength / 8);
    this.table = new Uint32Array(0);
    this.refresh();
  }

  static create(capacityLog2: number, maxCapacityLog2: number): SharedFingerprintSet {
    if (!(Number.isInteger(maxCapacityLog2) && maxCapacityLog2 >= 4 && maxCapacityLog2 <= 30)) throw new Error('shared fingerprint set: capacity out of range');
    const initial = Math.min(Math.max(4, capacityLog2), maxCapacityLog2);
    const header = new SharedArrayBuffer(8);
    new Int32Array(header)[1] = initial;
    return new SharedFingerprintSet({ table: new SharedArrayBuffer(8 << initial, { maxByteLength: 8 * 2 ** maxCapacityLog2 }), header });
  }

  static over(buffers: SharedFingerprintBuffers): SharedFingerprintSet {
    return new SharedFingerprintSet(buffers);
  }

  /** Views the table at its current capacity: after another thread grew it. */
  refresh(): void {
    const log2 = Atomics.load(this.header, 1);
    if (log2 === this.capacityLog2) return;
    this.capacityLog2 = log2;
    this.mask = 2 ** log2 - 1;
    this.table = new Uint32Array(this.buffers.table, 0, 2 * 2 ** log2);
    this.growAt = log2 >= this.maxCapacityLog2 ? Number.POSITIVE_INFINITY : Math.floor(2 ** log2 * growLoad);
    this.hardLimit = Math.floor(2 ** log2 * hardLoad);
  }

  /** Slots in the table now. */
  get capacity(): number {
    return this.mask + 1;
  }

  get bytes(): number {
    return this.buffers.table.byteLength;
  }

  /** Fingerprints inserted by every thread so far: exact once every other thread has flushed. */
  get size(): number {
    return Atomics.load(this.header, 0) + this.pending;
  }

  /** Adds this thread's uncounted insertions to the shared count. */
  flush(): void {
    if (this.pending === 0) return;
    this.counted = Atomics.add(this.header, 0, this.pending) + this.pending;
    this.pending = 0;
  }

  /**
   * Reads the slot where the probe for a fingerprint with this low half
   * starts, and returns the word read: a batch that touches its
   * fingerprints' slots before adding them has their cache misses overlap
   * (see SuccessorBatch.fingerprintAll). A plain read; changes nothing.
   */
  touch(low: number): number {
    const second = low === 0 ? 1 : low >>> 0;
    return this.table[(second & this.mask) * 2]!;
  }

  /** Adds the fingerprint: 0 when it was already present, else at least 1 and at most the set's size counting it. */
  add(high: number, low: number): number {
    const claim = high === 0 ? 1 : high >>> 0;
    const second = low === 0 ? 1 : low >>> 0;
    const table = this.table;
    let slot = second & this.mask;
    for (let probes = 0; probes <= this.mask; probes += 1) {
      const at = slot * 2;
      // A plain read: a slot only ever goes from empty to claimed, and the claim itself is an Atomics.compareExchange.
      let stored = table[at]!;
      if (stored === 0) {
        stored = Atomics.compareExchange(table, at, 0, claim);
        if (stored === 0) {
          Atomics.store(table, at + 1, second);
          this.pending += 1;
          if (this.pending >= countBatch) this.flush();
          return this.counted + this.pending;
        }
      }
      if (stored === claim) {
        let storedLow = table[at + 1]!;
        while (storedLow === 0) storedLow = Atomics.load(table, at + 1);
        if (storedLow === second) return 0;
      }
      slot = (slot + 1) & this.mask;
    }
    throw new Error('shared fingerprint set: table full');
  }

  /**
   * Doubles the table and reinserts every fingerprint; false at the largest
   * capacity. Only while no other thread touches the set (each has flushed).
   */
  grow(): boolean {
    if (this.capacityLog2 >= this.maxCapacityLog2) return false;
    const old = this.table;
    // Exact once this thread has flushed too: the others have (they are paused or done), so no pass is spent counting.
    this.flush();
    const used = Atomics.load(this.header, 0);
    const kept = new Uint32Array(2 * used);
    let length = 0;
    // One pass takes every fingerprint out and empties its slot, reading and writing the same cache lines.
    for (let at = 0; at < old.length; at += 2) {
      if (old[at] !== 0) {
        if (length >= kept.length) throw new Error('shared fingerprint set: more fingerprints than counted while growing');
        kept[length] = old[at]!;
        kept[length + 1] = old[at + 1]!;
        length += 2;
        old[at] = 0;
        old[at + 1] = 0;
      }
    }
    if (length !== kept.length) throw new Error('shared fingerprint set: fewer fingerprints than counted while growing');
    const log2 = this.capacityLog2 + 1;
    this.buffers.table.grow(8 * 2 ** log2);
    Atomics.store(this.header, 1, log2);
    this.refresh();
    const table = this.table;
    const mask = this.mask;
    for (let index = 0; index < length; index += 2) {
      let slot = kept[index + 1]! & mask;
      while (table[slot * 2] !== 0) slot = (slot + 1) & mask;
      table[slot * 2] = kept[index]!;
      table[slot * 2 + 1] = kept[index + 1]!;
    }
    return true;
  }
}
