// `locksim schema`: the JSON Schema of scenario files, as shipped in
// scenario.schema.json (`npm run schema` writes that file from this, and a
// test checks that the two are equal).

import { scenarioJsonSchema } from '../scenario/scenarioJsonSchema.ts';

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
