// Canonical JSON: object keys sorted, so equal data gives equal text. It also
// checks that a value is plain serialisable data, which client states must be.

export class NotSerialisable extends Error {}

export function canonicalJson(value: unknown, path = 'state'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotSerialisable(`${path} is ${value}, not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        // Array.from, not map: map skips holes, which would print as invalid JSON instead of failing as undefined.
        return `[${Array.from(value, (item, index) => canonicalJson(item, `${path}[${index}]`)).join(',')}]`;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new NotSerialisable(`${path} is a ${prototype?.constructor?.name ?? 'class instance'}, not a plain object`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const parts = keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], `${path}.${key}`)}`);
      return `{${parts.join(',')}}`;
    }
    default:
      throw new NotSerialisable(`${path} is ${typeof value}, not serialisable data`);
  }
}
