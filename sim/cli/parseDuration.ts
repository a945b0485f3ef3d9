// A time budget as people write it: `60s`, `2m`, `500ms`, `1h`; a bare
// number is seconds.

import { InputError } from '../scenario/inputError.ts';

const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
/** A day: no CI job runs longer, and a typo like `60000m` should not pass silently. */
export const durationMsMax = 86_400_000;

export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  const what = 'a duration such as 60s, 2m or 500ms';
  if (match === null) throw new InputError(flag, '', null, `expected ${what}; got ${JSON.stringify(text)}`);
  const ms = Math.round(Number(match[1]) * unitMs[match[2] ?? 's']!);
  if (!(ms >= 1)) throw new InputError(flag, '', null, `expected ${what}, at least 1ms; got ${JSON.stringify(text)}`);
  if (ms > durationMsMax) throw new InputError(flag, '', null, `expected ${what}, at most 24h; got ${JSON.stringify(text)}`);
  return ms;
}

/** A positive whole number from a flag. */
export function parseCount(text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(value) && value >= 1 && value <= max)) {
    throw new InputError(flag, '', null, `expected a whole number from 1 to ${max}; got ${JSON.stringify(text)}`);
  }
  return value;
}
