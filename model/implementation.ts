// The interface real lock code is written against, so that the same code runs
// inside locksim's simulator (sim/impl/) and against a real store
// (sim/real/). Lock code takes a StoreClient and a Clock as parameters
// instead of importing a network client or calling Date.now / setTimeout:
// that is the whole contract. spec/implementations.md says how each call is
// scheduled in simulation and what each adapter maps it to.
//
// Times are milliseconds since the Unix epoch, as real clients see them. In
// simulation one tick is `tickMs` milliseconds (default 1) after a fixed
// epoch, so code that formats dates sees plausible ones.

/** One file of a listing: what WebDAV PROPFIND, S3 ListObjectsV2 or readdir + stat give. */
export type StoreEntry = {
  /** Full path from the store's root, e.g. `locks/exclusive_1_A.json`; never a directory. */
  path: string;
  /** The store's modification time of the file, ms since the epoch, as coarse as the store keeps it. */
  modifiedMs: number;
  /** An opaque tag that changes whenever the file is written (ETag); what `cas` compares. */
  etag: string;
};

/** The order of a listing: paths by UTF-16 code units, as every adapter and the simulator sort them. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file store as lock code sees it. Every method is one network round trip. */
export type StoreClient = {
  /** The files whose path starts with `prefix`, sorted by path. Lists may lag behind writes. */
  list(prefix: string): Promise<StoreEntry[]>;
  /** The file's content, or null when it is absent. */
  get(path: string): Promise<string | null>;
  /** Creates or overwrites the file. */
  put(path: string, body: string): Promise<void>;
  /** Deletes the file: true when it was there, false when it was already absent. */
  delete(path: string): Promise<boolean>;
  /** The store's own clock, ms since the epoch (a server's Date header). */
  remoteDate(): Promise<number>;
  /** Atomic create-if-absent, where the store has it: true when created, false when the file existed. */
  create?(path: string, body: string): Promise<boolean>;
  /** Atomic compare-and-swap on the file's etag, where the store has it: true when written, false on a mismatch. */
  cas?(path: string, body: string, expectedEtag: string): Promise<boolean>;
};

/** The client's clock, which may disagree with the store's and with other clients'. */
export type Clock = {
  /** The local time, ms since the epoch (what the device's own wall clock would say). */
  now(): number;
  /** Resolves after `ms` milliseconds of this client's time. */
  sleep(ms: number): Promise<void>;
};

/** What a harness function gets: the client's identity, its store and clock, and the section markers. */
export type ClientApi = {
  id: string;
  role: string;
  /** Data writes the scenario asks this client to make inside its critical section. */
  writes: number;
  store: StoreClient;
  clock: Clock;
  /** Marks that the client now holds `section` (e.g. 'exclusive'); the properties speak of these. */
  enter(section: string): void;
  /** Marks that the client no longer holds `section`. */
  exit(section: string): void;
  /**
   * One data write of the critical section (a write to the synced data, not
   * to a lock file); with `token`, a store that fences rejects it when it has
   * accepted a newer token. Resolves true when accepted.
   */
  writeData(token?: number): Promise<boolean>;
};

/** How a client's run ended: 'gave-up' when the lock code declined (another holds the lock). */
export type ClientOutcome = 'finished' | 'gave-up';

/** One role's code: runs one client to the end. A throw is a bug in the code and is reported as one. */
export type ClientCode = (client: ClientApi) => Promise<ClientOutcome | void>;

/** What a harness module exports (as `harness` or default): the code of each role. */
export type Harness = {
  /** One line on what the code is, for traces and `--help`. */
  summary?: string;
  /** The code each role runs, e.g. `{ upgrader: ..., syncer: ... }`. */
  roles: Record<string, ClientCode>;
  /** The sections the code marks with enter/exit; absent: `['exclusive', 'sync']`. */
  sections?: readonly string[];
  /** Which section each role seeks, as a protocol's `roleSections`. */
  roleSections?: Readonly<Record<string, string>>;
};

/** Identity function that gives a harness its type: `export default defineHarness({ roles: {...} })`. */
export function defineHarness(harness: Harness): Harness {
  return harness;
}
