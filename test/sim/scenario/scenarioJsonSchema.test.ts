import { expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../../sim/scenario/index.ts';

test('describes scenario files as written, rejecting unknown fields', () => {
  const schema = scenarioJsonSchema() as { type?: unknown; required?: unknown; additionalProperties?: unknown; properties?: Record<string, unknown> };
  expect(schema.type).toBe('object');
  expect(schema.additionalProperties).toBe(false);
  // protocol or implementation: one of them, which parseScenario checks (test/sim/impl/implementationInput.test.ts).
  expect(schema.required).toStrictEqual(['clients', 'store']);
  expect(Object.keys(schema.properties ?? {})).toStrictEqual(['name', 'protocol', 'implementation', 'clients', 'store', 'faults', 'explore', 'properties', 'expect', 'fuzz']);
  // Survives JSON, as an editor reads it from a file.
  expect(JSON.parse(JSON.stringify(schema))).toStrictEqual(schema);
});
