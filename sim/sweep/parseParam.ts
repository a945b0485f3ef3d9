// One `--param <path>=<values>` flag of `locksim sweep`: a dotted path into
// the scenario and the values it takes, in the order given. Only the syntax
// is checked here; whether the path names a field and whether each value
// makes a valid scenario is decided against the scenario (see sweepCells.ts).

import { InputError } from '../scenario/inputError.ts';

/** Most values one param may take: a grid is at most this many cells on a side. */
export const sweepValuesMax = 100;

/** The scenario sections a sweep may vary; `check` ignores the others (`fuzz`) or they say nothing of behaviour (`name`, `expect`). */
export const sweepRoots = ['protocol', 'clients', 'store', 'faults', 'explore'] as const;

export type SweepParam = {
  /** The path as given, e.g. `store.listLag` or `clients[1].start`. */
  path: string;
  /** The path as keys and list indexes: `clients[1].start` is ['clients', 1, 'start']. */
  segments: (string | number)[];
  /** The values as given, `a..b` expanded, in order. */
  texts: string[];
  /** The flag's value as given, for messages: `store.listLag=0..8`. */
  given: string;
};

const pathPattern = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;
const rangePattern = /^(-?\d+)\.\.(-?\d+)$/;

export function parseParam(given: string): SweepParam {
  const bad = (problem: string) => new InputError(`--param ${given}`, '', null, problem);
  const equals = given.indexOf('=');
  if (equals < 0) throw bad('expected <path>=<values>, e.g. store.listLag=0..8 or protocol.tieBreak=client-id,strict');
  const path = given.slice(0, equals).trim();
  const valuesText = given.slice(equals + 1).trim();
  if (!pathPattern.test(path)) {
    throw bad(`expected a dotted path such as store.listLag, protocol.verifyDelay or clients[1].start; got ${JSON.stringify(path)}`);
  }
  const segments = segmentsOf(path);
  const root = segments[0];
  if (typeof root !== 'string' || !(sweepRoots as readonly string[]).includes(root)) {
    throw bad(`expected a path under ${sweepRoots.join(', ')}; got ${JSON.stringify(path)}`);
  }
  if (segments.length < 2) throw bad(`expected a path to one field inside ${root}, e.g. ${root === 'clients' ? 'clients[0].start' : `${root}.<field>`}; got ${JSON.stringify(path)}`);
  const texts = valuesOf(valuesText, bad);
  if (texts.length > sweepValuesMax) throw bad(`expected at most ${sweepValuesMax} values; got ${texts.length}`);
  return { path, segments, texts, given };
}

function segmentsOf(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)) {
    segments.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return segments;
}

function valuesOf(text: string, bad: (problem: string) => InputError): string[] {
  const range = rangePattern.exec(text);
  if (range !== null) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw bad(`expected a range a..b of integers; got ${JSON.stringify(text)}`);
    if (from > to) throw bad(`expected a range a..b with a <= b; got ${JSON.stringify(text)}`);
    if (to - from + 1 > sweepValuesMax) throw bad(`expected at most ${sweepValuesMax} values; got ${to - from + 1} in ${text}`);
    const texts: string[] = [];
    for (let value = from; value <= to; value += 1) texts.push(String(value));
    return texts;
  }
  if (text.includes('..')) throw bad(`expected a range a..b of integers, or a comma list; got ${JSON.stringify(text)}`);
  const texts = text.split(',').map((item) => item.trim());
  if (texts.some((item) => item === '')) throw bad(`expected values a..b or a comma list without empty items, e.g. 1,2,4; got ${JSON.stringify(text)}`);
  const seen = new Set<string>();
  for (const item of texts) {
    if (seen.has(item)) throw bad(`expected each value once; ${JSON.stringify(item)} is given twice`);
    seen.add(item);
  }
  return texts;
}
