// `--shard i/n`, as vitest and Playwright name it: n CI jobs split one run's
// work (scenarios, base files, fuzz cases, sweep cells) with no overlap and no
// gap. Shards are 1-based. A list is split into n contiguous slices whose
// sizes differ by at most one, so shard 1's output, then shard 2's, ...,
// concatenated, is the unsharded run's.

import { InputError } from '../scenario/inputError.ts';

export type Shard = { index: number; count: number };

/** More shards than any CI matrix runs; a typo such as 1/30000 is bad input, not an empty job. */
export const shardCountMax = 1_000;

export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const expected = `expected i/n, the shard to run and how many there are, with 1 <= i <= n <= ${shardCountMax} (e.g. 2/3)`;
  if (match === null) throw new InputError(flag, '', null, `${expected}; got ${JSON.stringify(text)}`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!(count >= 1 && count <= shardCountMax)) throw new InputError(flag, '', null, `${expected}; got ${count} shards`);
  if (!(index >= 1 && index <= count)) throw new InputError(flag, '', null, `${expected}; got shard ${index} of ${count}`);
  return { index, count };
}

/** The [start, end) of shard `shard` over `length` items. */
export function shardRange(length: number, shard: Shard): [number, number] {
  if (!(Number.isInteger(length) && length >= 0)) throw new Error(`shardRange: length ${length}`);
  if (!(shard.index >= 1 && shard.index <= shard.count)) throw new Error(`shardRange: shard ${shard.index}/${shard.count}`);
  // Rounded up, so that the first shards take the items left over, as vitest's do.
  const start = Math.ceil(((shard.index - 1) * length) / shard.count);
  const end = Math.ceil((shard.index * length) / shard.count);
  if (!(start <= end && end <= length)) throw new Error(`shardRange: [${start}, ${end}) of ${length}`);
  return [start, end];
}

export function shardOf<T>(items: readonly T[], shard: Shard | null): T[] {
  if (shard === null) return [...items];
  const [start, end] = shardRange(items.length, shard);
  return items.slice(start, end);
}

export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
