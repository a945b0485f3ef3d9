// Maps plain data to small integers, so that a canonical state encodes as
// integers. Two values get the same id exactly when their canonical JSON
// (keys sorted) is equal. Bounded: an interner that keeps growing means
// states are not being merged.
//
// Ids are dense, in order of first sight. An interner starts local to its
// thread (Maps and an array: the sequential search's speed). `share()` moves
// it into SharedArrayBuffers (sim/engine/sharedInterner.ts), ids kept, and
// `joinShared()` makes an empty interner in another thread use those, so
// that every thread of a parallel search gives one value one id. Either way
// each thread keeps its own fast path: native JSON text to id, and id to text.

/// <reference lib="es2024.sharedmemory" />
import { canonicalJson } from './canonicalJson.ts';
import { SharedCapacityError, SharedInternerTable, type SharedInternerBuffers } from './sharedInterner.ts';

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
  /** Id to canonical text, for the ids this thread has seen (all of them while local). */
  private readonly texts: string[] = [];
  /** Distinct values while local. */
  private localSize = 0;
  private shared: SharedInternerTable | null = null;
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
    let id: number;
    if (this.shared === null) {
      if (this.localSize >= this.limit) throw new Error(`interner: more than ${this.limit} distinct values`);
      id = this.localSize;
      this.localSize += 1;
    } else {
      id = this.shared.intern(text);
    }
    this.byCanonical.set(text, id);
    this.texts[id] = text;
    return id;
  }

  /** The canonical text of an id, or undefined for an id no value was given. */
  textOf(key: number): string | undefined {
    const known = this.texts[key];
    if (known !== undefined || this.shared === null) return known;
    const text = this.shared.textOf(key);
    if (text !== undefined) this.texts[key] = text;
    return text;
  }

  /** Distinct values interned (by every thread, once shared). */
  get size(): number {
    return this.shared === null ? this.localSize : this.shared.size;
  }

  /** Whether the ids live in shared memory. */
  get isShared(): boolean {
    return this.shared !== null;
  }

  /** Moves the ids into shared memory (ids kept), once; returns the buffers another thread's interner joins. */
  share(slotsLog2?: number): SharedInternerBuffers {
    if (this.shared === null) {
      const table = SharedInternerTable.create(this.limit, slotsLog2);
      if (this.localSize > table.idsMax) throw new SharedCapacityError(`interner: ${this.localSize} values do not fit the shared table`);
      for (let id = 0; id < this.localSize; id += 1) {
        if (table.intern(this.texts[id]!) !== id) throw new Error('interner: ids changed on the move to shared memory');
      }
      this.shared = table;
    }
    return this.shared.buffers;
  }

  /** Uses another interner's shared ids; only before this one has interned anything. */
  joinShared(buffers: SharedInternerBuffers): void {
    if (this.shared !== null || this.localSize > 0) throw new Error('interner: joinShared after values were interned');
    this.shared = SharedInternerTable.over(buffers, this.limit);
  }
}
