// A JSON Schema of scenario files, for editors (e.g. the YAML language server's
// `# yaml-language-server: $schema=...`). It describes the file as written, so
// ranges show as "integer or [min, max]"; protocol options are left open, as
// they belong to each protocol. Draft 7: the draft the YAML language server
// (and VS Code's JSON service under it) validates fully.

import { z } from 'zod';
import { scenarioSchema } from './scenarioSchema.ts';

export function scenarioJsonSchema(): object {
  return z.toJSONSchema(scenarioSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}
