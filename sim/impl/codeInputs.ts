// What passes between the simulator and a client's real code: the compact
// form of the store's replies that the code can observe, the actions the code
// takes in one step, and the history of inputs that determines a run of the
// code. Shared by the main thread (implementationProtocol.ts) and the worker
// that runs the code (codeWorker.ts); plain data only, so that it crosses the
// thread boundary and is hashed as a client's state.

import type { Effect, Reply, Request, SingleReply } from '../../model/effects.ts';

/** A listed file as the code can see it: [path, store time in ticks, version (the etag), body]. */
export type SeenFile = [string, number, number, unknown];

/** One reply in compact form: a list's files, a date's ticks, or the reply kind alone. */
export type SeenReply = ['listed', SeenFile[]] | ['date', number] | [Exclude<SingleReply['kind'], 'listed' | 'date'>];

/** The input of one step: the replies it delivers (none at start and after a sleep), and the client's clock. */
export type CodeInput = { replies: SeenReply[] | null; clockTicks: number };

/** What the code did in one step, in the order it did it. */
export type CodeAction =
  | { kind: 'call'; request: Request; call: string }
  | { kind: 'sleep'; ticks: number; call: string }
  | { kind: 'enter' | 'exit'; section: string }
  | { kind: 'done'; outcome: 'finished' | 'gave-up' };

/** The worker's answer to one step: the actions, or why the code cannot go on. */
export type StepAnswer = { actions: CodeAction[] } | { fault: string };

/** Milliseconds since the epoch at tick 0 of every run: 2026-01-01T00:00:00Z, so dates look real. */
export const simulatedEpochMs = 1_767_225_600_000;

function seenOf(reply: SingleReply): SeenReply {
  if (reply.kind === 'listed') return ['listed', reply.files.map((file) => [file.name, file.mtimeTicks, file.version, file.body] as SeenFile)];
  if (reply.kind === 'date') return ['date', reply.ticks];
  return [reply.kind];
}

/** The replies of one step, one per request the code had in flight. */
export function seenReplies(reply: Reply | null): SeenReply[] | null {
  if (reply === null) return null;
  if (reply.kind === 'all') return reply.replies.map(seenOf);
  return [seenOf(reply)];
}

/** The effect that carries a step's store calls: one request, or an `all` of them. */
export function callsEffect(requests: readonly Request[]): Effect {
  if (!(requests.length >= 1)) throw new Error('code inputs: an effect needs at least one request');
  if (requests.length === 1) return requests[0]!;
  return { kind: 'all', requests: [...requests] };
}
