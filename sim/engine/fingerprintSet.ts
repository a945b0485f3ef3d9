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

  constructor(capacityLog2 = 16) {
    if (capacityLog2 < 4 || capacityLog2 > 30) throw new Error('fingerprint set: capacity out of range');
    this.table = new Uint32Array(2 << capacityLog2);
    this.mask = (1 << capacityLog2) - 1;
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
        if (this.size > (this.mask + 1) * loadMax) this.grow();
        return true;
      }
      if (storedHigh === high && storedLow === low) return false;
      slot = (slot + 1) & this.mask;
    }
    throw new Error('fingerprint set: table full');
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

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    if (capacity > 1 << 30) throw new Error('fingerprint set: more than 2^30 slots');
    this.table = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    this.size = this.hasZero ? 1 : 0;
    for (let at = 0; at < old.length; at += 2) {
      const high = old[at]!;
      const low = old[at + 1]!;
      if (high !== 0 || low !== 0) this.add(high, low);
    }
  }
}

/** Upper bound on the chance that any two of `states` distinct states share a 64-bit fingerprint. */
export function collisionChance(states: number): number {
  return (states * (states - 1)) / 2 / 2 ** 64;
}
