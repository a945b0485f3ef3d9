// Maps plain data to small integers, so that a canonical state encodes as
// integers. Two values get the same id exactly when their canonical JSON
// (keys sorted) is equal. Bounded: an interner that keeps growing means
// states are not being merged.

import { canonicalJson } from './canonicalJson.ts';

/** Whether a value is plain serialisable data, as canonicalJson accepts it. */
function isPlainData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) if (!isPlainData(value[index])) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key of Object.keys(value)) if (!isPlainData((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

export class Interner {
  /** Fast path: native JSON text (key order as built) to id. */
  private readonly byText = new Map<string, number>();
  /** Canonical JSON to id; consulted once per distinct native text. */
  private readonly byCanonical = new Map<string, number>();
  readonly texts: string[] = [];
  constructor(private readonly limit: number) {}

  /** The id of a plain-data value. Throws NotSerialisable for anything else. */
  keyOf(value: unknown, what: string): number {
    const text = JSON.stringify(value) ?? 'undefined';
    const known = this.byText.get(text);
    if (known !== undefined) {
      // Native JSON text writes NaN as null and drops undefined fields, so a
      // known text does not prove this value plain: check it (a walk, no
      // text built), and let canonicalJson name the problem if it is not.
      if (!isPlainData(value)) canonicalJson(value, what);
      return known;
    }
    // First sight of this text: check the value properly (JSON.stringify
    // silently drops functions and undefined) and find its canonical id.
    const id = this.id(canonicalJson(value, what));
    this.byText.set(text, id);
    return id;
  }

  /** The id of a canonical text. */
  id(text: string): number {
    const known = this.byCanonical.get(text);
    if (known !== undefined) return known;
    if (this.texts.length >= this.limit) throw new Error(`interner: more than ${this.limit} distinct values`);
    const id = this.texts.length;
    this.byCanonical.set(text, id);
    this.texts.push(text);
    return id;
  }
}
