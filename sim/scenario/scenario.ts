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
  /** Ticks from send to commit, and again from commit to reply; each leg chosen in this range. */
  latency: TickRange;
  /** Ticks after a commit before other clients' lists see it; chosen per write. */
  listLag: TickRange;
  /** Offset of each client's clock from true time; chosen per client. */
  clockSkew: TickRange;
  /** The store's timestamps are rounded down to a multiple of this many ticks. */
  timestampResolution: number;
  /** Whether the store offers an atomic create-if-absent. */
  createIfAbsent: boolean;
};

export type ExploreSpec = {
  mode: 'exhaustive' | 'random';
  /** Bound on distinct states stored by the exhaustive explorer. */
  maxStates: number;
  /** Bound on steps in one run, in both modes. */
  maxDepth: number;
  /** Runs in random mode. */
  runs: number;
  /** Seed of random mode: decimal digits or a 40-hex git commit hash. */
  seed: string;
};

export type Verdict = 'violation' | 'safe';

export type Scenario = {
  name: string;
  /** `name` plus the protocol's options, defaults filled in. */
  protocol: { name: string } & Record<string, unknown>;
  clients: ClientSpec[];
  store: StoreSpec;
  explore: ExploreSpec;
  properties: string[];
  expect: Verdict | null;
};

/** The protocol options of a scenario: its protocol section without `name`. */
export function protocolOptionsOf(scenario: Scenario): Record<string, unknown> {
  const { name: _name, ...options } = scenario.protocol;
  return options;
}
