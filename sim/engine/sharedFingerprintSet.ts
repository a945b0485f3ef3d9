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
// memory bound). No thread may insert while it grows, and the threads that
// wait for it grow it together (sim/explore/parallelLevel.ts pauses them at
// a state boundary): one thread calls beginGrowth (the buffer doubles, the
// table keeps its capacity), each takes its share of the old slots out
// (takeShare), one publishes the new capacity (publishGrowth), each puts
// its share back in the new slots it owns with plain writes (placeOwned),
// and then what probed past them, with atomic claims (placeShare).
// Claiming every slot atomically was no faster than one thread alone: an
// atomic write waits for its cache line where plain writes stream. `grow`
// is the same on one thread.
// A fixed table sized for maxStates up front would be touched all over at
// once: page faults on every insertion and its whole size resident however
// few states the search has. The count is an Atomics.add counter that each
// thread adds to in batches (one contended cache line per insertion costs
// several per cent), so the size `add` returns is a lower bound until every
// thread has called `flush`.

/** A thread's share of the fingerprints while the table grows: pairs of words, high half first. */
export class GrowthShare {
  words = new Uint32Array(0);
  /** Words used (two a fingerprint). */
  length = 0;

  push(high: number, low: number): void {
    if (this.length + 2 > this.words.length) {
      const grown = new Uint32Array(Math.max(1024, this.words.length * 2));
      grown.set(this.words.subarray(0, this.length));
      this.words = grown;
    }
    this.words[this.length] = high;
    this.words[this.length + 1] = low;
    this.length += 2;
  }

  /** Makes room for `words` words at once, so that a share is not copied while it fills. */
  reserve(words: number): void {
    if (words <= this.words.length) return;
    const grown = new Uint32Array(words);
    grown.set(this.words.subarray(0, this.length));
    this.words = grown;
  }

  /** Empties the share and lets its words go: a growth comes once per doubling, and the largest share is tens of MB. */
  release(): void {
    this.words = new Uint32Array(0);
    this.length = 0;
  }
}

/** [count, capacityLog2]. */
export type SharedFingerprintBuffers = { table: SharedArrayBuffer; header: SharedArrayBuffer };

/** Past this load the set asks to grow; it still takes insertions up to `hardLoad`. */
const growLoad = 0.5;
const hardLoad = 0.9;
/** Words in a page of memory (4 KiB): the grown table is touched once a page (see beginGrowth). */
const pageWords = 1024;
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
    if (!this.beginGrowth()) return false;
    const share = new GrowthShare();
    const taken = this.takeShare(0, 1, share);
    if (taken !== Atomics.load(this.header, 0)) throw new Error('shared fingerprint set: took other than every fingerprint while growing');
    this.publishGrowth();
    // One part owns every slot, so nothing probes out of it.
    const spill = new GrowthShare();
    this.placeOwned(share, 0, 1, spill);
    if (spill.length !== 0) throw new Error('shared fingerprint set: a fingerprint left over while growing alone');
    return true;
  }

  /**
   * The first step of a growth, on one thread while no thread adds: doubles
   * the buffer, while the table keeps its capacity (every thread's view
   * stays the old one); false at the largest capacity. The count is exact
   * once this thread has flushed, the others having flushed before pausing.
   */
  beginGrowth(): boolean {
    if (this.capacityLog2 >= this.maxCapacityLog2) return false;
    this.flush();
    const oldWords = 2 * 2 ** this.capacityLog2;
    this.buffers.table.grow(8 * 2 ** (this.capacityLog2 + 1));
    // The new half's pages are touched here, one thread alone: threads that
    // fault in pages of one shared mapping at once wait for each other, and
    // placing the shares back took 370 ms instead of 50 (big bench, 2^25 slots).
    const grown = new Uint32Array(this.buffers.table, 0, 2 * oldWords);
    for (let at = oldWords; at < grown.length; at += pageWords) grown[at] = 0;
    return true;
  }

  /**
   * Takes part `part` of `parts` of the old table's slots out into `share`
   * and empties them (one pass, reading and writing the same cache lines);
   * returns how many fingerprints it took. Between beginGrowth and
   * publishGrowth, with this thread's view still the old one.
   */
  takeShare(part: number, parts: number, share: GrowthShare): number {
    if (!(Number.isInteger(parts) && parts >= 1 && Number.isInteger(part) && part >= 0 && part < parts)) throw new Error(`shared fingerprint set: no part ${part} of ${parts}`);
    const table = this.table;
    const capacity = this.mask + 1;
    const from = Math.floor((capacity * part) / parts);
    const to = Math.floor((capacity * (part + 1)) / parts);
    share.length = 0;
    // Fingerprints spread evenly over the slots: a fifth more than this part's due, so that it nearly never grows.
    share.reserve(2 * Math.ceil((Atomics.load(this.header, 0) * (to - from) * 1.2) / capacity) + 2048);
    for (let slot = from; slot < to; slot += 1) {
      const at = slot * 2;
      if (table[at] === 0) continue;
      share.push(table[at]!, table[at + 1]!);
      table[at] = 0;
      table[at + 1] = 0;
    }
    return share.length / 2;
  }

  /** Publishes the doubled capacity, once every share is taken out; this thread's view follows (the others call refresh). */
  publishGrowth(): void {
    Atomics.store(this.header, 1, this.capacityLog2 + 1);
    this.refresh();
  }

  /**
   * Puts part `part` of `parts` back, at the new capacity (after refresh),
   * in the slots it owns: the new places of its old slots, [from, to) and
   * [from, to) + the old capacity, which no other part writes, so plain
   * writes do. A fingerprint whose probe leaves them (it begins or ends in
   * another part's) goes to `spill`, for placeShare once every part is
   * placed.
   */
  placeOwned(share: GrowthShare, part: number, parts: number, spill: GrowthShare): void {
    const table = this.table;
    const mask = this.mask;
    const oldCapacity = (mask + 1) / 2;
    if (!(Number.isInteger(parts) && parts >= 1 && Number.isInteger(part) && part >= 0 && part < parts)) throw new Error(`shared fingerprint set: no part ${part} of ${parts}`);
    const from = Math.floor((oldCapacity * part) / parts);
    const to = Math.floor((oldCapacity * (part + 1)) / parts);
    const words = share.words;
    spill.length = 0;
    for (let index = 0; index < share.length; index += 2) {
      const high = words[index]!;
      const low = words[index + 1]!;
      let slot = low & mask;
      for (let probes = 0; ; probes += 1) {
        if (probes > mask) throw new Error('shared fingerprint set: table full while growing');
        const old = slot >= oldCapacity ? slot - oldCapacity : slot;
        if (old < from || old >= to) {
          spill.push(high, low);
          break;
        }
        const at = slot * 2;
        if (table[at] === 0) {
          table[at] = high;
          table[at + 1] = low;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    share.release();
  }

  /**
   * Puts a share back, at the new capacity (after refresh), anywhere: other
   * threads place theirs meanwhile, so a slot is claimed as add claims one.
   * For the few fingerprints that probed out of their part (placeOwned).
   * The fingerprints are distinct, so none is compared, and the table is at
   * most half full, so a free slot is found.
   */
  placeShare(share: GrowthShare): void {
    const table = this.table;
    const mask = this.mask;
    const words = share.words;
    for (let index = 0; index < share.length; index += 2) {
      const high = words[index]!;
      const low = words[index + 1]!;
      let slot = low & mask;
      for (let probes = 0; ; probes += 1) {
        if (probes > mask) throw new Error('shared fingerprint set: table full while growing');
        const at = slot * 2;
        if (table[at] === 0 && Atomics.compareExchange(table, at, 0, high) === 0) {
          Atomics.store(table, at + 1, low);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    share.release();
  }
}
