// The effect vocabulary, defined once: what a protocol step may ask of the
// store (requests), the local decisions it may take instead, and what the
// store can answer. The TypeScript types of the protocol API (protocol.ts)
// and the trace file's schema (sim/trace/traceSchema.ts) both come from
// these schemas, so the three can never disagree.

import { z } from 'zod';

/** Plain serialisable data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

const ticks = z.number().int();

/** A file as a list returns it to one client. */
export const listedFileSchema = z
  .object({
    /** Full path, e.g. `locks/PENDING-A`. */
    name: z.string(),
    /** Id of the client whose put, create or cas wrote this version. */
    owner: z.string(),
    /** What the writer put in the file. */
    body: jsonSchema,
    /** The store's clock when it committed this version, rounded down to the store's timestamp resolution. */
    mtimeTicks: ticks,
    /** The writer's local clock when it sent the request that wrote this version. */
    clientStampTicks: ticks,
    /** Per-file counter: 1 when the name is written while absent (first, or after a delete), then incremented by every committed put, create or cas of it. */
    version: z.number().int(),
  })
  .strict();

/** A request to the store: each takes latency to commit and latency to reply. */
export const requestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), prefix: z.string() }).strict(),
  z.object({ kind: z.literal('put'), name: z.string(), body: jsonSchema }).strict(),
  /** Atomic create-if-absent (needs `store.createIfAbsent`): `exists` when the file is there. */
  z.object({ kind: z.literal('create'), name: z.string(), body: jsonSchema }).strict(),
  /** Atomic compare-and-swap on the file's version (needs `store.createIfAbsent`): `conflict` unless the newest version is `expectedVersion`. */
  z.object({ kind: z.literal('cas'), name: z.string(), body: jsonSchema, expectedVersion: z.number().int() }).strict(),
  z.object({ kind: z.literal('delete'), name: z.string() }).strict(),
  /** A data write; with `token`, the store rejects it when it has accepted a write with a newer token (fencing). */
  z.object({ kind: z.literal('write'), token: z.number().int().optional() }).strict(),
  /** The store's clock (as a server's Date header, or a remoteDate() call): answered `date` with its time at commit. */
  z.object({ kind: z.literal('date') }).strict(),
]);

/** A local decision: takes no store request. */
export const localEffectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wait'), ticks }).strict(),
  z.object({ kind: z.literal('enter'), section: z.string() }).strict(),
  z.object({ kind: z.literal('exit'), section: z.string() }).strict(),
  z.object({ kind: z.literal('done'), outcome: z.enum(['finished', 'gave-up']) }).strict(),
  /**
   * Arms the client's timer (as a JavaScript one-shot timer, or one period of an interval timer):
   * its handler's first step runs `afterTicks` from now, on the timer's own
   * flow beside the main flow, sharing the client's state (step sees
   * `activity: 'timer'`). From the main flow, while no handler runs; from the
   * handler, it ends this run and arms the next.
   */
  z.object({ kind: z.literal('arm'), afterTicks: ticks.min(1) }).strict(),
  /** Main flow: an armed timer is cancelled (clearTimeout); a handler already running goes on. */
  z.object({ kind: z.literal('disarm') }).strict(),
  /** Timer flow: the handler returns; the timer is idle until armed again. */
  z.object({ kind: z.literal('end') }).strict(),
]);

/** Most requests one `all` effect may issue at once. */
export const concurrentRequestsMax = 4;

/**
 * Requests issued at once, as `Promise.all` issues them: each is sent, commits
 * and replies on its own (its own scheduling points, its own latency legs),
 * and the client's next step runs once every reply has arrived, with an
 * `all` reply holding them in request order.
 */
export const concurrentEffectSchema = z
  .object({ kind: z.literal('all'), requests: z.array(requestSchema).min(2).max(concurrentRequestsMax) })
  .strict();

export const effectSchema = z.union([requestSchema, localEffectSchema, concurrentEffectSchema]);

/** What the store answered to one request. */
export const singleReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('listed'), files: z.array(listedFileSchema) }).strict(),
  z.object({ kind: z.literal('ok') }).strict(),
  z.object({ kind: z.literal('exists') }).strict(),
  z.object({ kind: z.literal('not-found') }).strict(),
  z.object({ kind: z.literal('conflict') }).strict(),
  z.object({ kind: z.literal('rejected') }).strict(),
  /** The store's clock when the `date` request committed, rounded down to the store's timestamp resolution (as file times are). */
  z.object({ kind: z.literal('date'), ticks }).strict(),
]);

/** What the store answered to the client's last effect: one reply, or one per request of an `all`. */
export const replySchema = z.union([singleReplySchema, z.object({ kind: z.literal('all'), replies: z.array(singleReplySchema) }).strict()]);

export type ListedFile = z.infer<typeof listedFileSchema>;
export type Request = z.infer<typeof requestSchema>;
export type LocalEffect = z.infer<typeof localEffectSchema>;
export type ConcurrentEffect = z.infer<typeof concurrentEffectSchema>;
export type Effect = Request | LocalEffect | ConcurrentEffect;
export type SingleReply = z.infer<typeof singleReplySchema>;
export type Reply = z.infer<typeof replySchema>;

/** The kinds of request, as the schema lists them. */
export const requestKinds: ReadonlySet<string> = new Set(requestSchema.options.map((option) => option.shape.kind.value));

/** The kinds of local effect, as the schema lists them. */
export const localEffectKinds: ReadonlySet<string> = new Set(localEffectSchema.options.map((option) => option.shape.kind.value));
