import type { StoreProfileName } from './storeProfiles.ts';
import type { ReduceSpec } from '../engine/reductions.ts';

// A scenario after validation: every default filled in. It has the same shape
// as the YAML a user writes (ranges as [min, max] pairs), so that a trace can
// embed it and replay can validate it again through the same loader.

/** An inclusive range of ticks, min <= max. */
export type TickRange = readonly [number, number];

export type ClientSpec = {
  id: string;
  role: string;
  /** Data writes inside the critical section. */
  writes: number;
  /** The tick at which the client begins, chosen in this range. */
  start: TickRange;
};

export type StoreSpec = {
  /** The real store whose guarantees supplied the defaults, if any. */
  profile?: StoreProfileName;
  /** Ticks from send to commit, and again from commit to reply; each leg chosen in this range. */
  latency: TickRange;
  /** Ticks after a commit before other clients' lists see it; chosen per write. */
  listLag: TickRange;
  /** Offset of each client's clock from true time; chosen per client. */
  clockSkew: TickRange;
  /** The store's timestamps are rounded down to a multiple of this many ticks. */
  timestampResolution: number;
  /**
   * Where in a timestamp unit the store's clock is when the clients' time
   * begins (tick 0), chosen in this range; absent: every phase in
   * [0, timestampResolution - 1]. Rounding depends on it.
   */
  clockPhase?: TickRange;
  /** Whether the store offers conditional requests: atomic create-if-absent and compare-and-swap on a version. */
  createIfAbsent: boolean;
  /** Whose clock stamps a file's modification time: the store's, or the writer's (as synced folders keep it). */
  mtimeFrom: 'store' | 'writer';
};

/** Faults the scheduler may inject, each at any protocol step of any client. */
export type FaultsSpec = {
  /** How many pauses: the process is suspended, its clock and the world go on. */
  pauses: number;
  /** Length of each pause, chosen in this range. */
  pause: TickRange;
  /** How many crashes: the client stops for good, its lock files stay. */
  crashes: number;
};

export type ExploreSpec = {
  mode: 'exhaustive' | 'random' | 'systematic';
  /** Bound on distinct states stored by the exhaustive explorer. */
  maxStates: number;
  /** Bound on steps in one run, in both modes. */
  maxDepth: number;
  /** Runs in random mode. */
  runs: number;
  /** Seed of random mode: decimal digits or a 40-hex git commit hash. */
  seed: string;
  /** Scheduler of random mode; absent means uniform. */
  scheduler?: Scheduler;
  /** PCT's bug depth d (d - 1 priority change points per run); absent means 2. */
  pctDepth?: number;
  /** Which state-space reductions the exhaustive search may use (sim/engine/reductions.ts); absent means all that apply. */
  reduce?: ReduceSpec;
  /** Bound on the memory the exhaustive search holds, in MB; absent means 4096. */
  memoryMb?: number;
  /** Systematic mode: the most preemptions a schedule may have; absent means 2. */
  preemptionsMax?: number;
};

/** How random mode picks the next event: uniformly, or by PCT priorities (see sim/engine/pctChooser.ts). */
export type Scheduler = 'uniform' | 'pct';

/** An inclusive range of counts (clients, writes), min <= max. */
export type CountRange = readonly [number, number];

/**
 * The limits within which `locksim fuzz` varies a scenario, every field
 * filled: a field the file left out holds the scenario's own value, so it
 * does not vary.
 */
export type FuzzSpec = {
  /** How many clients to generate; null keeps the scenario's own clients (only their start ranges narrow). */
  clients: CountRange | null;
  roles: string[];
  writes: CountRange;
  start: TickRange;
  latency: TickRange;
  listLag: TickRange;
  clockSkew: TickRange;
  timestampResolution: CountRange;
  /** Protocol options the fuzzer sets, each with the values it may take. */
  free: Record<string, unknown[]>;
};

export type Verdict = 'violation' | 'safe';

export type Scenario = {
  name: string;
  /** `name` (and `module` for a user protocol, relative to the working directory) plus the protocol's options, defaults filled in. */
  protocol: { name: string; module?: string } & Record<string, unknown>;
  clients: ClientSpec[];
  store: StoreSpec;
  faults: FaultsSpec;
  explore: ExploreSpec;
  properties: string[];
  expect: Verdict | null;
  /** The `fuzz` section, when the file has one; `check` ignores it. */
  fuzz?: FuzzSpec;
};

/** The protocol options of a scenario: its protocol section without `name` and `module`. */
export function protocolOptionsOf(scenario: Scenario): Record<string, unknown> {
  const { name: _name, module: _module, ...options } = scenario.protocol;
  return options;
}
