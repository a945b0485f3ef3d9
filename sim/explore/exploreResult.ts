// What every explorer returns, whichever way it searched.

export type ExploreVerdict = 'violation' | 'safe' | 'incomplete';

export type ExploreStats = {
  /** Distinct states stored (exhaustive) or visited (random). */
  states: number;
  transitions: number;
  runs: number;
  /** Deepest step reached. */
  depth: number;
  /** Bytes held by the visited-state store (exhaustive); 0 in random mode. */
  storedBytes: number;
  /** Exhaustive: bytes of the widest BFS frontier, packed, and how many states it held. */
  frontierBytes?: number;
  frontierStates?: number;
  /** Threads that explored these states (exhaustive with --workers; 1 otherwise). */
  workers: number;
};

export type Counterexample = {
  property: string;
  /** The property's own words on what broke, naming the clients. */
  message: string;
  /** The chooser's answers, init first, that reproduce the run from the scenario alone. */
  answers: number[];
  /** Steps in the counterexample. */
  steps: number;
  /** Random mode: the run index whose seed reproduces it alone. */
  run: number | null;
  /** Liveness: the step where the loop starts; the last step returns to that state, forever. */
  loopStart?: number | null;
};

export type ExploreResult = {
  verdict: ExploreVerdict;
  counterexample: Counterexample | null;
  /** Why the search stopped short, when incomplete. */
  incompleteReason: string | null;
  /** Per client id: whether it ever entered a critical section in what was explored. */
  reached: Record<string, boolean>;
  stats: ExploreStats;
  /** Exhaustive and liveness: reductions the scenario asked for that are off, and why (e.g. a protocol that declares nothing). */
  reductionsOff?: { name: string; why: string }[];
};

export type Progress = {
  states: number;
  transitions: number;
  depth: number;
  runs: number;
  /** States waiting in the BFS queue (exhaustive), when the explorer reports it. */
  frontier?: number;
  /** Bytes the search holds, when the explorer reports it. */
  memoryBytes?: number;
};
