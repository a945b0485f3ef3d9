// The protocol API: the one way a lock protocol is defined.
//
// A protocol is a pure transition system per client, in the manner of
// Stateright's Model and TLA+'s Init/Next: `init` gives a client's first
// state, `step` maps (state, last reply) to (next state, one effect). A
// protocol never touches the store or time; it only returns effects, and the
// simulator decides what the store does with them and what the client sees.
//
// Rules a protocol must keep, because canonical hashing and replay rely on
// them:
// - states are plain serialisable data (objects, arrays, strings, finite
//   numbers, booleans, null);
// - `step` is deterministic: the same state and input give the same output.
// What a protocol promises beyond these (`declares`) lets the explorer merge
// more states; the effect vocabulary itself is defined once, in effects.ts.

import type { ZodType } from 'zod';

export type { ConcurrentEffect, Effect, Json, ListedFile, LocalEffect, Reply, Request, SingleReply } from './effects.ts';
import type { Effect, ListedFile, Reply } from './effects.ts';

/** The fields of a listed file beyond `name` and `owner`, which every protocol may read. */
export type FileField = 'body' | 'mtimeTicks' | 'clientStampTicks' | 'version';

export const fileFields: readonly FileField[] = ['body', 'mtimeTicks', 'clientStampTicks', 'version'];

/**
 * What a protocol promises about itself, so that the exhaustive explorer may
 * merge states that only differ in what the promise says cannot matter. Each
 * promise turns on one reduction (sim/engine/reductions.ts); a protocol that
 * promises nothing is explored exactly as written, with those reductions off.
 * A wrong promise makes verdicts wrong, so promise only what holds for every
 * option value: spec/protocol-api.md says how to check each one.
 */
export type ProtocolDeclarations<Options> = {
  /**
   * `step` never keeps a clock reading or a file time in its state, and
   * decides nothing from the absolute value of a time: shifting every clock
   * and every file time by the same number of ticks (a multiple of the
   * store's timestamp resolution) never changes its output. Turns on
   * `relativeTime`: states that differ only in absolute time are merged.
   * A function when it holds for some options only (a protocol that rounds
   * its own clock to a unit of its own, say): it is asked with the
   * scenario's options.
   */
  timeShiftInvariant?: boolean | ((options: Options) => boolean);
  /**
   * The largest number of ticks the protocol ever compares an age with: its
   * decisions depend on times only through the order of file times and
   * through comparisons of `clockTicks - fileTime` (or of two times'
   * difference) with constants whose size is at most this. Turns on
   * `oldTimes` (which also needs `timeShiftInvariant`): file times older than
   * this, plus the scenario's latency, lag, skew and pause margins, are kept
   * by order alone. Every constant counts, including those written in code
   * rather than taken from options.
   */
  ageHorizonTicks?: (options: Options) => number;
  /**
   * Which fields of a listed file named `name` step can ever read, for these
   * options. A field left out is not given to step: reading it is a protocol
   * fault (exit 2). Turns on `fileFields`: the store keeps only the declared
   * fields of each file, so states that differ only in undeclared fields are
   * merged. Absent: every field, for every file.
   */
  fileFields?: (name: string, options: Options) => readonly FileField[];
};

export type StepInput = {
  /** The answer to the request of the previous step, or null after a local effect or at start. */
  reply: Reply | null;
  /** The client's local clock: true time plus this client's skew. */
  clockTicks: number;
  /**
   * Which of the client's flows steps: its main flow, or its timer's handler
   * (armed by an `arm` effect; both share the state, as a JavaScript
   * client's callbacks share its objects). The engine always sets it; a
   * protocol that never arms a timer only ever sees 'main', and an input
   * built by hand without it (a unit test's) means 'main'.
   */
  activity?: 'main' | 'timer';
};

/** Fixed facts about one client, handed to init and step. */
export type ClientContext<Options> = {
  id: string;
  role: string;
  /** Data writes the client makes inside its critical section. */
  writes: number;
  options: Options;
};

export type StepOutput<State> = {
  state: State;
  effect: Effect;
  /** Optional words for the trace: why the client did this. */
  note?: string;
};

/** Store features a protocol cannot work without (see `Protocol.requires`). */
export type ProtocolRequirements = {
  /** It issues `create` or `cas`, so the scenario's store needs `createIfAbsent: true`. */
  createIfAbsent?: boolean;
};

export type Protocol<Options = any, State = any> = {
  name: string;
  /** One-line description, shown in `--help` and traces. */
  summary: string;
  /** Roles a scenario's clients may take, e.g. upgrader and syncer. */
  roles: readonly string[];
  /** Critical sections a client can enter; properties speak of these names. */
  sections: readonly string[];
  /**
   * Which critical section each role seeks, e.g. `{ upgrader: 'exclusive', syncer: 'sync' }`.
   * Liveness properties use it to know whom they promise what; without it,
   * locksim infers it from the sections each role entered in the explored graph.
   */
  roleSections?: Readonly<Record<string, string>>;
  /** Options with defaults; validated like every other scenario field. */
  options: ZodType<Options>;
  /**
   * What the protocol needs of the store, whatever its options. A scenario
   * whose store lacks it is bad input (exit 2, with the reason), rather than
   * a protocol fault deep in a search. Absent: nothing beyond lists, puts,
   * deletes and data writes.
   */
  requires?: ProtocolRequirements;
  init(context: ClientContext<Options>): State;
  step(state: State, input: StepInput, context: ClientContext<Options>): StepOutput<State>;
  /** A short human rendering of a state, for traces. */
  describe(state: State): string;
  /** Promises that let the explorer reduce the state space; absent: none. */
  declares?: ProtocolDeclarations<Options>;
};
