// What passes between the simulator and a client's real code: the compact
// form of the store's replies that the code can observe, the actions the code
// takes in one step, and the history of inputs that determines a run of the
// code. Shared by the main thread (implementationProtocol.ts) and the worker
// that runs the code (codeWorker.ts); plain data only, so that it crosses the
// thread boundary and is hashed as a client's state.

import type { Effect, Reply, Request, SingleReply } from '../../model/effects.ts';

/** A listed file as `store.list` shows it: [path, store time in ticks, version (the etag)]. */
export type SeenFile = [string, number, number];

/**
 * One reply in the form the code can observe, no more: a list's files
 * (without bodies), the body a get found (null when absent), a date's ticks,
 * or the reply kind alone. Less in a history means more histories merge.
 */
export type SeenReply = ['listed', SeenFile[]] | ['body', string | null] | ['date', number] | [Exclude<SingleReply['kind'], 'listed' | 'date'>];

/** What a call reads of its reply: a list's entries, a get's body, or the reply itself. */
export type CallReads = 'entries' | 'body' | 'reply';

/**
 * The input of one step: the replies it delivers (none at start and after a
 * sleep), and the client's clock, or null in a history when the code did not
 * read it in that step (so that it cannot matter).
 */
export type CodeInput = { replies: SeenReply[] | null; clockTicks: number | null };

/** What the code did in one step, in the order it did it. */
export type CodeAction =
  | { kind: 'call'; request: Request; call: string; reads: CallReads }
  | { kind: 'sleep'; ticks: number; call: string }
  | { kind: 'enter' | 'exit'; section: string }
  | { kind: 'done'; outcome: 'finished' | 'gave-up' };

/** The worker's answer to one step: the actions, or why the code cannot go on. */
export type StepAnswer = { actions: CodeAction[]; clockRead: boolean } | { fault: string };

/** Milliseconds since the epoch at tick 0 of every run: 2026-01-01T00:00:00Z, so dates look real. */
export const simulatedEpochMs = 1_767_225_600_000;

function seenOf(reply: SingleReply, reads: CallReads, path: string | null): SeenReply {
  if (reply.kind === 'listed' && reads === 'body') {
    const file = reply.files.find((candidate) => candidate.name === path);
    if (file === undefined) return ['body', null];
    return ['body', typeof file.body === 'string' ? file.body : JSON.stringify(file.body)];
  }
  if (reply.kind === 'listed') return ['listed', reply.files.map((file) => [file.name, file.mtimeTicks, file.version] as SeenFile)];
  if (reply.kind === 'date') return ['date', reply.ticks];
  return [reply.kind];
}

/** A call in flight, as the client's state keeps it: what it reads, and for a get the path it reads. */
export type InFlight = [CallReads, string | null];

/** The replies of one step, one per call the code had in flight, in the form each call reads. */
export function seenReplies(reply: Reply | null, inFlight: readonly InFlight[]): SeenReply[] | null {
  if (reply === null) return null;
  const replies = reply.kind === 'all' ? reply.replies : [reply];
  if (replies.length !== inFlight.length) throw new Error(`code inputs: ${replies.length} replies for ${inFlight.length} calls in flight`);
  return replies.map((single, at) => seenOf(single, inFlight[at]![0], inFlight[at]![1]));
}

/** The effect that carries a step's store calls: one request, or an `all` of them. */
export function callsEffect(requests: readonly Request[]): Effect {
  if (!(requests.length >= 1)) throw new Error('code inputs: an effect needs at least one request');
  if (requests.length === 1) return requests[0]!;
  return { kind: 'all', requests: [...requests] };
}
