// The simulator's state: true time, every client, every file version. A
// world is immutable: a step returns a new world sharing what it did not
// change, so the exhaustive explorer can keep many without copying.

import type { Json, Request, StepOutput } from '../../model/index.ts';

/**
 * A protocol step's output with the interned keys the encoder writes: the
 * next state's key, and the effect's (which is also the request's key when
 * the effect is a request; -1 in requestKey otherwise).
 */
export type StepMemo = {
  readonly output: StepOutput<unknown>;
  readonly stateKey: number;
  readonly effectKey: number;
  readonly requestKey: number;
  /** For an `all` effect, the interned key of each of its requests; null otherwise. */
  readonly partKeys: readonly number[] | null;
};

/**
 * Where a client is in its request cycle:
 * - ready: its protocol step runs at dueTick (start, after a wait, after a local effect);
 * - sent: its request commits at the store at dueTick;
 * - replying: the committed request's reply reaches it at dueTick, and its step runs;
 * - done: it has stopped for good.
 */
export type Phase = 'ready' | 'sent' | 'replying' | 'done';

export type ClientSlot = {
  readonly protocolState: Json;
  /** Interned canonical JSON of protocolState: two slots with equal keys hold equal states. */
  readonly stateKey: number;
  readonly phase: Phase;
  /** True tick of this client's next event; unused when done. */
  readonly dueTick: number;
  /** The request in flight, while sent or replying. */
  readonly request: Request | null;
  /** The client's clock when it sent the request in flight. */
  readonly sentClockTicks: number;
  /** Interned canonical JSON of the request in flight, or -1. */
  readonly requestKey: number;
  /** The reply computed at commit, delivered at dueTick. */
  readonly reply: StoredReply | null;
  /**
   * The requests of an `all` effect in flight: while any is due to commit
   * the client is `sent` (due at the earliest), then `replying` with an
   * `all` reply, due when the last reply arrives. Null otherwise.
   */
  readonly batch: readonly BatchPart[] | null;
  /**
   * While replying, with the `reactAtCommit` reduction: the step the client
   * will take on that reply at dueTick, computed at commit. The world is
   * encoded with it instead of the reply (the reply stays for traces).
   */
  readonly reaction: StepMemo | null;
  /** The critical section the client is in, or null. */
  readonly section: string | null;
  /** This client's clock minus true time, fixed for the run. */
  readonly skewTicks: number;
  /** Why the client stopped, once done. */
  readonly outcome: 'finished' | 'gave-up' | 'crashed' | null;
  /** In `exclusive`, and another client has taken EXCLUSIVE over since this one entered (see Simulator.applyStep). */
  readonly superseded: boolean;
  /** The fencing token of this client's newest data write the store accepted, or -1. */
  readonly lastToken: number;
  /**
   * The client's timer (an `arm` effect), beside its main flow: armed (its
   * handler's first step due), or running its handler. Null when no timer
   * is armed or running. Both flows share protocolState.
   */
  readonly timer: TimerSlot | null;
};

/**
 * The request cycle of a client's timer handler, as a ClientSlot's own:
 * armed (the handler's first step is due), ready (after a wait inside the
 * handler), sent, replying.
 */
export type TimerSlot = {
  readonly phase: 'armed' | 'ready' | 'sent' | 'replying';
  readonly dueTick: number;
  readonly request: Request | null;
  readonly requestKey: number;
  readonly sentClockTicks: number;
  readonly reply: StoredReply | null;
  readonly batch: readonly BatchPart[] | null;
  /**
   * The tick until which a pause holds the client's steps: a reply that
   * arrives for either flow while the process is paused waits for the pause
   * to end. -1 when nothing is held. Only a client with a timer can have a
   * reply on the wire while paused (a pause is spent on a step), so the
   * hold lives here.
   */
  readonly heldUntilTick: number;
};

/**
 * One request of an `all` effect (model/effects.ts): due to commit at
 * `commitTick`, or committed, with its reply due at `replyTick`.
 */
export type BatchPart = {
  readonly request: Request;
  /** Interned canonical JSON of the request. */
  readonly requestKey: number;
  /** True tick of its commit while pending; -1 once committed. */
  readonly commitTick: number;
  /** Its reply, once committed. */
  readonly reply: SingleStoredReply | null;
  /** True tick its reply arrives, once committed; -1 before. */
  readonly replyTick: number;
};

/**
 * A reply as the world holds it until delivery: a list keeps the versions it
 * saw (not copies), so that the state encoder can read their interned keys.
 */
export type SingleStoredReply =
  | { readonly kind: 'listed'; readonly versions: readonly FileVersion[] }
  | { readonly kind: 'ok' }
  | { readonly kind: 'exists' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'rejected' }
  | { readonly kind: 'date'; readonly ticks: number };

/** A reply to one request, or to every request of an `all` effect, in request order. */
export type StoredReply = SingleStoredReply | { readonly kind: 'all'; readonly parts: readonly SingleStoredReply[] };

/** One committed write or delete of one file name. */
export type FileVersion = {
  readonly name: string;
  readonly nameKey: number;
  /** Index of the client that committed this put, create or delete. */
  readonly writer: number;
  readonly body: Json;
  readonly bodyKey: number;
  /** Store clock at commit, rounded down to the timestamp resolution. */
  readonly mtimeTicks: number;
  /** The writer's clock when it sent the request. */
  readonly clientStampTicks: number;
  readonly version: number;
  readonly commitTick: number;
  /** From this tick on, clients other than the writer see this version. */
  readonly visibleTick: number;
  readonly deleted: boolean;
};

/** What the store has seen of data writes, for fencing and for `fencedWrites`. */
export type DataFacts = {
  /** The newest fencing token the store has accepted on a data write; -1 before any. */
  readonly fenceToken: number;
  /** The first client whose data write the store accepted after that client's EXCLUSIVE had been superseded, or -1. */
  readonly staleWriter: number;
};

/** Faults still available to the scheduler in this run. */
export type FaultBudget = { readonly pausesLeft: number; readonly crashesLeft: number };

export type World = {
  readonly now: number;
  readonly clients: readonly ClientSlot[];
  readonly data: DataFacts;
  readonly faults: FaultBudget;
  /** Sorted by name; versions of one name in commit order. Superseded versions that nobody can see any more are pruned. */
  readonly files: readonly FileVersion[];
};

/**
 * The one place a world is made. V8 gives objects built with their fields
 * in different orders different hidden classes: while decoded worlds and
 * stepped ones were two, every read of a world's field in the search was
 * polymorphic, and each new order met after optimisation threw the
 * optimised code away ("wrong map"), to be compiled again.
 */
export function makeWorld(now: number, clients: readonly ClientSlot[], files: readonly FileVersion[], data: DataFacts, faults: FaultBudget): World {
  return { now, clients, files, data, faults };
}
