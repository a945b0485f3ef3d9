// The final mix of locksim's 64-bit hashes (state fingerprints, interned
// texts): each output bit depends on every input bit, so that nearby inputs
// land far apart in an open-addressed table.

/** Mixes two 32-bit accumulators and writes the 64-bit result to `out` as two halves. */
export function avalanche64(high: number, low: number, out: Uint32Array): void {
  high ^= low;
  high = Math.imul(high ^ (high >>> 16), 0x85ebca6b);
  high = Math.imul(high ^ (high >>> 13), 0xc2b2ae35);
  high ^= high >>> 16;
  low ^= high;
  low = Math.imul(low ^ (low >>> 16), 0x7feb352d);
  low = Math.imul(low ^ (low >>> 15), 0x846ca68b);
  low ^= low >>> 16;
  out[0] = high >>> 0;
  out[1] = low >>> 0;
}
