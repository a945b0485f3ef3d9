// The `fileFields` reduction: the store keeps, per file name, only the
// fields of a file that the protocol declares it reads.
//
// Soundness condition: `step` reads no listed-file field beyond `name`,
// `owner` and those its `declares.fileFields(name, options)` lists. The
// engine enforces it: a listed file lacks the undeclared fields, and reading
// one throws (a protocol fault, exit 2), so a wrong declaration cannot give a
// wrong verdict silently. The store's own semantics read two fields, which
// are kept whatever the protocol reads: a compare-and-swap compares versions
// (kept when the store offers conditional requests), and a store whose
// mtimes come from the writer's clock (`mtimeFrom: writer`) makes the
// writer's clock at send the mtime (kept while the put is in flight when
// mtimes are read). A deleted version is never listed, so it keeps none.

import type { FileField, ListedFile, Protocol } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { FileVersion } from './world.ts';

export const fieldBits: Readonly<Record<FileField, number>> = { body: 1, mtimeTicks: 2, clientStampTicks: 4, version: 8 };

export const allFields = 15;

const fieldNames = Object.keys(fieldBits) as FileField[];

/** Thrown when a step reads a field its declaration leaves out. */
export class UndeclaredField extends Error {}

/**
 * Per read mask, the accessors that throw for the fields left out. They are
 * the file's own enumerable properties, so that a spread, Object.assign or
 * JSON.stringify of a listed file throws too instead of silently dropping
 * the field.
 */
const hiddenFields: PropertyDescriptorMap[] = [];

function hiddenFieldsFor(mask: number): PropertyDescriptorMap {
  const known = hiddenFields[mask];
  if (known !== undefined) return known;
  const descriptors: PropertyDescriptorMap = {};
  for (const field of fieldNames) {
    if ((mask & fieldBits[field]) !== 0) continue;
    descriptors[field] = {
      get(this: { name: string }) {
        throw new UndeclaredField(`reads ${field} of ${this.name}, which its declares.fileFields leaves out`);
      },
      enumerable: true,
    };
  }
  hiddenFields[mask] = descriptors;
  return descriptors;
}

export class FileMask {
  /** Per name: the fields step may read. */
  private readonly readMasks = new Map<string, number>();
  /** Per name: the fields the store keeps (and the encoder writes). */
  private readonly keptMasks = new Map<string, number>();

  constructor(
    private readonly protocol: Protocol,
    private readonly options: unknown,
    private readonly scenario: Scenario,
    /** Whether the `fileFields` reduction is on: off, the store keeps every field. */
    private readonly reduces: boolean,
  ) {}

  /** Read masks by name key, for the memo key's hot path. */
  private readonly readByKey: number[] = [];

  /** The read mask of a version's name, found by its interned key. */
  readMaskOf(version: FileVersion): number {
    const known = this.readByKey[version.nameKey];
    if (known !== undefined) return known;
    const mask = this.readMask(version.name);
    this.readByKey[version.nameKey] = mask;
    return mask;
  }

  /** The fields of `name` that step may read. */
  readMask(name: string): number {
    let mask = this.readMasks.get(name);
    if (mask !== undefined) return mask;
    const declare = this.protocol.declares?.fileFields;
    if (declare === undefined) mask = allFields;
    else {
      mask = 0;
      const fields = declare(name, this.options);
      if (!Array.isArray(fields)) throw new Error(`protocol ${this.protocol.name}: declares.fileFields(${JSON.stringify(name)}) returned no list`);
      for (const field of fields) {
        const bit = fieldBits[field as FileField];
        if (bit === undefined) throw new Error(`protocol ${this.protocol.name}: declares.fileFields names unknown field ${JSON.stringify(field)}`);
        mask |= bit;
      }
    }
    this.readMasks.set(name, mask);
    return mask;
  }

  /** The fields of `name` the store keeps. */
  keptMask(name: string): number {
    let mask = this.keptMasks.get(name);
    if (mask !== undefined) return mask;
    if (!this.reduces) mask = allFields;
    else {
      mask = this.readMask(name);
      if (this.scenario.store.createIfAbsent) mask |= fieldBits.version;
    }
    this.keptMasks.set(name, mask);
    return mask;
  }

  /** Kept masks by name key, for the encoder's hot path. */
  private readonly keptByKey: number[] = [];

  /** The fields the store keeps of this version's name. */
  keptMaskOf(version: FileVersion): number {
    return this.keptMaskByKey(version.nameKey, version.name);
  }

  /** The kept mask of a name given with its interned key. */
  keptMaskByKey(nameKey: number, name: string): number {
    const known = this.keptByKey[nameKey];
    if (known !== undefined) return known;
    const mask = this.keptMask(name);
    this.keptByKey[nameKey] = mask;
    return mask;
  }

  /** Whether the writer's clock at send must be kept for a put of `name` in flight. */
  keepsSendClock(name: string): boolean {
    const mask = this.keptMask(name);
    if ((mask & fieldBits.clientStampTicks) !== 0) return true;
    return this.scenario.store.mtimeFrom === 'writer' && (mask & fieldBits.mtimeTicks) !== 0;
  }

  /** A version as step sees it: the declared fields only. */
  listed(version: FileVersion, clientIds: readonly string[]): ListedFile {
    const mask = this.readMaskOf(version);
    const owner = clientIds[version.writer]!;
    if (mask === allFields) {
      return { name: version.name, owner, body: version.body, mtimeTicks: version.mtimeTicks, clientStampTicks: version.clientStampTicks, version: version.version };
    }
    const file: Record<string, unknown> = { name: version.name, owner };
    if ((mask & fieldBits.body) !== 0) file.body = version.body;
    if ((mask & fieldBits.mtimeTicks) !== 0) file.mtimeTicks = version.mtimeTicks;
    if ((mask & fieldBits.clientStampTicks) !== 0) file.clientStampTicks = version.clientStampTicks;
    if ((mask & fieldBits.version) !== 0) file.version = version.version;
    Object.defineProperties(file, hiddenFieldsFor(mask));
    return file as unknown as ListedFile;
  }
}
