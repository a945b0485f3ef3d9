// The shape of a trace file, checked on load so that show, view, export and
// replay reject a file that is not a locksim trace with one clear line.

import { z } from 'zod';

const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);
const tick = z.number().int();
const listed = z.object({
  name: z.string(),
  owner: z.string(),
  body: json,
  mtimeTicks: tick,
  clientStampTicks: tick,
  version: z.number().int(),
}).strict();
const request = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), prefix: z.string() }).strict(),
  z.object({ kind: z.literal('put'), name: z.string(), body: json }).strict(),
  z.object({ kind: z.literal('create'), name: z.string(), body: json }).strict(),
  z.object({ kind: z.literal('cas'), name: z.string(), body: json, expectedVersion: z.number().int() }).strict(),
  z.object({ kind: z.literal('delete'), name: z.string() }).strict(),
  z.object({ kind: z.literal('write'), token: z.number().int().optional() }).strict(),
]);
const local = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wait'), ticks: tick }).strict(),
  z.object({ kind: z.literal('enter'), section: z.string() }).strict(),
  z.object({ kind: z.literal('exit'), section: z.string() }).strict(),
  z.object({ kind: z.literal('done'), outcome: z.enum(['finished', 'gave-up']) }).strict(),
]);
const reply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('listed'), files: z.array(listed) }).strict(),
  z.object({ kind: z.literal('ok') }).strict(),
  z.object({ kind: z.literal('exists') }).strict(),
  z.object({ kind: z.literal('not-found') }).strict(),
  z.object({ kind: z.literal('conflict') }).strict(),
  z.object({ kind: z.literal('rejected') }).strict(),
]);
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
  kind: z.enum(['init', 'commit', 'step', 'pause', 'crash']),
  action: z.string(),
  request: request.nullable(),
  reply: reply.nullable(),
  effect: z.union([request, local]).nullable(),
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
  version: z.literal(1),
  scenarioFile: z.string().nullable(),
  scenario: z.unknown(),
  mode: z.enum(['exhaustive', 'random']),
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
