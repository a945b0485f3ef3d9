// Seeds of `locksim fuzz`: a decimal number or a 40-hex git commit hash, as
// everywhere in locksim, so that CI can fuzz a new corner on every commit
// and still reproduce any failure from the hash.

import seedrandom from 'seedrandom';
import { InputError } from '../scenario/inputError.ts';

const seedPattern = /^(?:[0-9]+|[0-9a-fA-F]{40})$/;

/** The seed as locksim keeps it (decimal digits or lower-case hex), or an InputError naming `source`. */
export function parseSeed(text: string, source: string): string {
  const trimmed = text.trim();
  if (!seedPattern.test(trimmed)) {
    throw new InputError(source, '', null, `expected a non-negative integer or a 40-hex git commit hash; got ${JSON.stringify(text)}`);
  }
  // Decimal seeds keep their digits as given (no leading-zero trimming), so that the seed printed is the seed typed.
  return trimmed.toLowerCase();
}

/**
 * fast-check takes a 32-bit integer seed. It is drawn from the locksim seed
 * by seedrandom, so every seed (a hash included) maps to one fast-check seed
 * on every machine.
 */
export function fastCheckSeed(seed: string): number {
  if (!seedPattern.test(seed)) throw new Error(`fuzz: seed ${JSON.stringify(seed)} was not validated`);
  return seedrandom(`locksim-fuzz/${seed}`).int32();
}
