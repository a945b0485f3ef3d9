// A set of 64-bit fingerprints in one open-addressed typed array: about
// 11 to 21 bytes per state, against hundreds for a Set of strings. As in TLC,
// two distinct states with equal fingerprints would be merged; the chance of
// any such collision is reported with the verdict (see `collisionChance`).

const loadMax = 0.75;

export class FingerprintSet {
  private table: Uint32Array;
  private mask: number;
  size = 0;
  /** (0, 0) marks an empty slot, so that fingerprint is kept here instead of in the table. */
  private hasZero = false;
  /** Entries above which the table doubles: loadMax of its slots. */
  private sizeMax: number;

  constructor(capacityLog2 = 16) {
    if (capacityLog2 < 4 || capacityLog2 > 30) throw new Error('fingerprint set: capacity out of range');
    this.table = new Uint32Array(2 << capacityLog2);
    this.mask = (1 << capacityLog2) - 1;
    this.sizeMax = (this.mask + 1) * loadMax;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** Adds the fingerprint; returns false when it was already present. */
  add(high: number, low: number): boolean {
    if (high === 0 && low === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.size += 1;
      return true;
    }
    let slot = low & this.mask;
    for (let probes = 0; probes <= this.mask; probes += 1) {
      const at = slot * 2;
      const storedHigh = this.table[at]!;
      const storedLow = this.table[at + 1]!;
      if (storedHigh === 0 && storedLow === 0) {
        this.table[at] = high;
        this.table[at + 1] = low;
        this.size += 1;
        if (this.size > this.sizeMax) this.grow();
        return true;
      }
      if (storedHigh === high && storedLow === low) return false;
      slot = (slot + 1) & this.mask;
    }
    throw new Error('fingerprint set: table full');
  }

  /**
   * Reads the slot where the probe for a fingerprint with this low half
   * starts, and returns the word read. A search that touches a batch of
   * fingerprints in a row before adding them has their cache misses
   * overlap, instead of waiting out each in turn (the table is far larger
   * than the caches). The caller folds the result into something it keeps,
   * so that the read is not optimised away. Changes nothing.
   */
  touch(low: number): number {
    return this.table[(low & this.mask) * 2]!;
  }

  /** Calls `visit` with every fingerprint in the set, in table order. */
  forEach(visit: (high: number, low: number) => void): void {
    if (this.hasZero) visit(0, 0);
    const table = this.table;
    for (let at = 0; at < table.length; at += 2) {
      const high = table[at]!;
      const low = table[at + 1]!;
      if (high !== 0 || low !== 0) visit(high, low);
    }
  }

  /**
   * Doubles the table. The entries are distinct, so each is placed at the
   * first empty slot from its home, with no comparison and no load check;
   * read in table order, they are written in two nearly sequential runs
   * (home or home + old capacity), which keeps the copy cache-friendly.
   */
  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    if (capacity > 1 << 30) throw new Error('fingerprint set: more than 2^30 slots');
    const table = new Uint32Array(capacity * 2);
    const mask = capacity - 1;
    let moved = 0;
    for (let at = 0; at < old.length; at += 2) {
      const high = old[at]!;
      const low = old[at + 1]!;
      if (high === 0 && low === 0) continue;
      let slot = low & mask;
      // Bounded: the new table is at most 3/8 full, so an empty slot is always found.
      for (let probes = 0; table[slot * 2] !== 0 || table[slot * 2 + 1] !== 0; probes += 1) {
        if (probes > mask) throw new Error('fingerprint set: table full while growing');
        slot = (slot + 1) & mask;
      }
      table[slot * 2] = high;
      table[slot * 2 + 1] = low;
      moved += 1;
    }
    if (moved !== this.size - (this.hasZero ? 1 : 0)) throw new Error('fingerprint set: entries lost while growing');
    this.table = table;
    this.mask = mask;
    this.sizeMax = (mask + 1) * loadMax;
  }
}

/** Upper bound on the chance that any two of `states` distinct states share a 64-bit fingerprint. */
export function collisionChance(states: number): number {
  return (states * (states - 1)) / 2 / 2 ** 64;
}
