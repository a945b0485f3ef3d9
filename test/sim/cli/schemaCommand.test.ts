// `locksim schema` and the shipped scenario.schema.json (issue 11): the file
// is what the command prints (`npm run schema` rewrites it), so an editor
// never checks scenarios against a stale schema.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { main } from '../../../sim/cli/main.ts';
import { scenarioJsonSchema } from '../../../sim/scenario/scenarioJsonSchema.ts';

const root = join(import.meta.dirname, '../../..');

test('the shipped scenario.schema.json is the one locksim schema prints, for the scenario schema as it is now', async () => {
  const out: string[] = [];
  expect(await main(['node', 'locksim', 'schema'], { out: (line) => out.push(line), err: () => {} })).toBe(0);
  const printed = `${out.join('\n')}\n`;
  expect(JSON.parse(printed)).toStrictEqual(scenarioJsonSchema());
  expect(readFileSync(join(root, 'scenario.schema.json'), 'utf8'), 'scenario.schema.json is stale: run npm run schema').toBe(printed);
});

test('it is draft 7, the draft the YAML language server validates, and its ranges are [min, max] tuples', () => {
  const schema = scenarioJsonSchema() as { $schema: string; properties: { store: { properties: { latency: { anyOf: { type: string; items?: unknown }[] } } } } };
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  const tuple = schema.properties.store.properties.latency.anyOf.find((option) => option.type === 'array');
  expect(Array.isArray(tuple?.items)).toBe(true);
});
