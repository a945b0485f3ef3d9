// A short, one-line rendering of an input value for "got ..." in error
// messages. Input may be anything (a scenario embedded in a trace is
// arbitrary JSON), so this never throws and never prints a whole structure.

const maxStringLength = 40;
const maxListItems = 4;

export function describeValue(value: unknown): string {
  return describe(value, 0);
}

function describe(value: unknown, depth: number): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > maxStringLength ? `${value.slice(0, maxStringLength)}...` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // Short flat lists read best literally (`[3, 1]`); anything bigger is summarised.
    if (depth > 0 || value.length > maxListItems) return `a list of ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
    const items: string[] = [];
    for (let index = 0; index < value.length; index++) items.push(describe(value[index], depth + 1));
    return `[${items.join(', ')}]`;
  }
  if (ArrayBuffer.isView(value)) return 'binary data';
  return Object.keys(value as object).length === 0 ? '{}' : 'a mapping';
}
