// The trace file: a counterexample as JSON, self-contained. It embeds the
// scenario and the chooser's answers, which alone reproduce the run; the
// recorded steps are what replay checks the re-run against, and what show,
// view and export render.

import type { Effect, Json, Reply, Request } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';

export const traceFormat = 'locksim-trace';
/**
 * The version traces are written in. Version 2 holds its paths (`scenarioFile`,
 * `scenario.protocol.module`) relative to the trace file's folder; version 1
 * held them relative to the working directory it was written from, and still
 * loads with that meaning. A loaded trace is in memory as of this version.
 */
export const traceVersion = 2;
/** Every version loadTrace reads. */
export const traceVersionsRead = [1, 2] as const;

/** One client's state after a step. */
export type TraceClient = {
  id: string;
  role: string;
  /** The protocol's own state, as plain data. */
  state: Json;
  /** The protocol's rendering of it. */
  describe: string;
  phase: 'ready' | 'sent' | 'replying' | 'done';
  /** Tick of the client's next event, or null when done. */
  dueTick: number | null;
  section: string | null;
  clockTicks: number;
  outcome: 'finished' | 'gave-up' | 'crashed' | null;
  /** In exclusive, and another client has entered exclusive since. */
  superseded: boolean;
  /** The client's timer flow while one is armed or running: its phase and the tick of its next event. Absent otherwise. */
  timer?: { phase: 'armed' | 'ready' | 'sent' | 'replying'; dueTick: number };
};

/** One file as one client sees the store. */
export type TraceViewFile = {
  name: string;
  /** Writer of the newest committed version. */
  owner: string;
  version: number;
  /** Whether the newest committed version is a delete. */
  deleted: boolean;
  mtimeTicks: number;
  clientStampTicks: number;
  /** Whether this client's lists already reflect the newest committed version. */
  visible: boolean;
  /** From this tick on they do. */
  visibleTick: number;
  /** What a list by this client returns for this name now: the version it shows, or null. */
  seenVersion: number | null;
};

export type TraceStep = {
  index: number;
  tick: number;
  /** The client whose event this was; null for the initial state. */
  client: string | null;
  /** True when the event is of the client's timer flow (its handler's step or request); absent for its main flow. */
  timer?: true;
  /** 'init': initial state; 'commit': the store applied the client's request; 'step': the client's protocol ran; 'pause' / 'crash': a fault hit the client instead. */
  kind: 'init' | 'commit' | 'step' | 'pause' | 'crash';
  /** One line: what happened. */
  action: string;
  /** Commit: the request committed. Step: the request whose reply the client received, if any. */
  request: Request | null;
  /** Commit: what the store will answer. Step: what the client received. */
  reply: Reply | null;
  /** Step: what the client does next. */
  effect: Effect | null;
  note: string | null;
  /** Commit of a write: when others see it. */
  visibleTick: number | null;
  /** The chooser's answers consumed by this step. */
  answers: number[];
  clients: TraceClient[];
  /** The store as each client sees it, keyed by client id. */
  views: Record<string, TraceViewFile[]>;
  /** Each checked property: null while it holds, else what broke. */
  properties: Record<string, string | null>;
};

export type TraceFile = {
  format: typeof traceFormat;
  version: typeof traceVersion;
  /** The scenario file it came from: in memory relative to the working directory (as given on the command line), in a file relative to the file's folder. */
  scenarioFile: string | null;
  scenario: Scenario;
  mode: 'exhaustive' | 'random' | 'systematic';
  /** Random mode: the seed and run index that reproduce it alone. */
  seed: string | null;
  run: number | null;
  /** Every answer the chooser gave, init first: with the scenario, all replay needs. */
  choices: number[];
  violation: { step: number; property: string; message: string; holders: { client: string; section: string }[] };
  /** A liveness counterexample (a lasso): the steps after `start` return to the state at `start`, and repeat forever. Null for safety. */
  loop: { start: number } | null;
  steps: TraceStep[];
};
