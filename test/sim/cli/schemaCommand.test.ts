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

// What an editor does with the schema, done by a JSON Schema validator of draft 7 (ajv, as the YAML
// language server uses): every scenario the project ships validates, and typical mistakes do not.
test('a draft-7 validator accepts every shipped scenario and rejects the mistakes an editor should underline', async () => {
  const { Ajv } = await import('ajv');
  const { parse } = await import('yaml');
  const { readdirSync } = await import('node:fs');
  const yamlIn = (dir: string) => readdirSync(join(root, dir)).filter((name) => name.endsWith('.yaml')).map((name) => `${dir}/${name}`);
  const schema = JSON.parse(readFileSync(join(root, 'scenario.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const examples = readdirSync(join(root, 'examples')).flatMap((dir) => yamlIn(`examples/${dir}`));
  const files = [...yamlIn('scenarios'), ...yamlIn('bench'), ...examples];
  expect(files.length).toBeGreaterThan(80);
  for (const file of files) {
    const value: unknown = parse(readFileSync(join(root, file), 'utf8'));
    expect(validate(value), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
  const base = parse(readFileSync(join(root, 'scenarios/pending-lock-list-lag.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  const mistakes: unknown[] = [
    { ...base, expcet: 'safe' },
    { ...base, store: { ...base.store, lattency: [1, 2] } },
    { ...base, store: { ...base.store, latency: 'fast' } },
    { ...base, explore: { ...base.explore, mode: 'breadth' } },
    { ...base, clients: 'A' },
  ];
  for (const mistake of mistakes) expect(validate(mistake), JSON.stringify(mistake)).toBe(false);
  // Completion lists these fields at the top of a scenario.
  expect(Object.keys((schema as { properties: object }).properties)).toEqual(expect.arrayContaining(['name', 'protocol', 'clients', 'store', 'faults', 'explore', 'properties', 'expect']));
});
