// The shape of a trace file, checked on load so that show, view, export and
// replay reject a file that is not a locksim trace with one clear line.

import { z } from 'zod';
import { effectSchema, jsonSchema, replySchema, requestSchema } from '../../model/effects.ts';

// The effect vocabulary comes from the model, so a trace can hold exactly what a protocol can say.
const json = jsonSchema;
const tick = z.number().int();
const request = requestSchema;
const reply = replySchema;
const client = z.object({
  id: z.string(),
  role: z.string(),
  state: json,
  describe: z.string(),
  phase: z.enum(['ready', 'sent', 'replying', 'done']),
  dueTick: tick.nullable(),
  section: z.string().nullable(),
  clockTicks: tick,
  outcome: z.enum(['finished', 'gave-up', 'crashed']).nullable(),
  superseded: z.boolean(),
  /** The client's timer flow, when one is armed or running (absent otherwise). */
  timer: z.object({ phase: z.enum(['armed', 'ready', 'sent', 'replying']), dueTick: tick }).strict().optional(),
}).strict();
const viewFile = z.object({
  name: z.string(),
  owner: z.string(),
  version: z.number().int(),
  deleted: z.boolean(),
  mtimeTicks: tick,
  clientStampTicks: tick,
  visible: z.boolean(),
  visibleTick: tick,
  seenVersion: z.number().int().nullable(),
}).strict();
const step = z.object({
  index: z.number().int().min(0),
  tick,
  client: z.string().nullable(),
  /** Present (true) when the event is of the client's timer flow, not its main flow. */
  timer: z.literal(true).optional(),
  kind: z.enum(['init', 'commit', 'step', 'pause', 'crash']),
  action: z.string(),
  request: request.nullable(),
  reply: reply.nullable(),
  effect: effectSchema.nullable(),
  note: z.string().nullable(),
  visibleTick: tick.nullable(),
  answers: z.array(z.number().int().min(0)),
  clients: z.array(client),
  views: z.record(z.string(), z.array(viewFile)),
  properties: z.record(z.string(), z.string().nullable()),
}).strict();

/** Everything but the embedded scenario, which the scenario loader checks. */
export const traceSchema = z.object({
  format: z.literal('locksim-trace'),
  // Which one decides how its paths are read (traceFile.ts).
  version: z.union([z.literal(1), z.literal(2)]),
  scenarioFile: z.string().nullable(),
  scenario: z.unknown(),
  mode: z.enum(['exhaustive', 'random', 'systematic']),
  seed: z.string().nullable(),
  run: z.number().int().min(0).nullable(),
  choices: z.array(z.number().int().min(0)),
  violation: z.object({
    step: z.number().int().min(0),
    property: z.string(),
    message: z.string(),
    holders: z.array(z.object({ client: z.string(), section: z.string() }).strict()),
  }).strict(),
  loop: z.object({ start: z.number().int().min(0) }).strict().nullable().default(null),
  steps: z.array(step).min(1),
}).strict();
