import { expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../../sim/scenario/index.ts';

test('describes scenario files as written, rejecting unknown fields', () => {
  const schema = scenarioJsonSchema() as { type?: unknown; required?: unknown; additionalProperties?: unknown; properties?: Record<string, unknown> };
  expect(schema.type).toBe('object');
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toStrictEqual(['protocol', 'clients', 'store']);
  expect(Object.keys(schema.properties ?? {})).toStrictEqual(['name', 'protocol', 'clients', 'store', 'faults', 'explore', 'properties', 'expect', 'fuzz']);
  // Survives JSON, as an editor reads it from a file.
  expect(JSON.parse(JSON.stringify(schema))).toStrictEqual(schema);
});
