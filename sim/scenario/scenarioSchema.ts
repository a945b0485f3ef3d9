// The shape of a scenario file, as zod checks it before the protocol is known.
// Objects are strict so that a misspelt field is an error rather than a
// silently ignored setting. Protocol options, roles and property names depend
// on the protocol and the property registry, and are checked in parseScenario.

import { z } from 'zod';
import { safetyProperties } from '../../model/properties.ts';
import { expects, issueMessage } from './issueMessage.ts';
import type { TickRange } from './scenario.ts';
import { storeProfileNames } from './storeProfiles.ts';
import { reductionNames } from '../engine/reductions.ts';
import type { ReductionName } from '../engine/reductions.ts';

/** Most clients a scenario may have. */
export const maxClients = 26;

function integerWhat(min?: number): string {
  return min === undefined ? 'an integer' : `an integer >= ${min}`;
}

function integer(min?: number, what = integerWhat(min)) {
  const base = z.number(expects(what)).int(expects(what));
  return min === undefined ? base : base.min(min, expects(what));
}

/** An inclusive range: `[min, max]`, or a single integer N meaning `[N, N]`. */
function range(min?: number) {
  const single = integerWhat(min);
  const bound = integer(min);
  const of = min === undefined ? 'integers' : `integers >= ${min}`;
  return z
    .union([bound, z.tuple([bound, bound])], {
      error: (issue) =>
        issueMessage(issue, Array.isArray(issue.input) ? `a range [min, max] of two ${of}` : `${single} or a range [min, max]`),
    })
    .refine((value) => typeof value === 'number' || value[0] <= value[1], expects('a range [min, max] with min <= max'))
    .transform((value): TickRange => (typeof value === 'number' ? [value, value] : [value[0], value[1]]));
}

/** A default range made anew for each scenario, so that no two scenarios share one array. */
function fresh(min: number, max: number): () => TickRange {
  return () => [min, max];
}

const seedWhat = 'a non-negative integer or a 40-hex git commit hash';

/**
 * A seed is kept as a string so that a commit hash and a number are one type;
 * decimal-digit strings are accepted so that a normalized scenario re-validates.
 */
const seed = z
  .union([integer(0, seedWhat), z.string(expects(seedWhat)).regex(/^(?:[0-9]+|[0-9a-fA-F]{40})$/, expects(seedWhat))], expects(seedWhat))
  .transform((value) => (typeof value === 'number' ? String(value) : value.toLowerCase()));

const clientSchema = z.strictObject(
  {
    id: z.string(expects('an id of letters, digits, _ and -')).regex(/^[A-Za-z0-9_-]+$/, expects('an id of letters, digits, _ and -')),
    role: z.string(expects('a role name')).min(1, expects('a role name')),
    writes: integer(0).default(1),
    start: range(0).default(fresh(0, 0)),
  },
  expects('a mapping of client fields (id, role, writes, start)'),
);

// No defaults here: a profile supplies them, and explicit fields override it (see parseScenario).
const storeSchema = z.strictObject(
  {
    profile: z.enum(storeProfileNames, expects(`one of ${storeProfileNames.join(', ')}`)).optional(),
    latency: range(0).optional(),
    listLag: range(0).optional(),
    clockSkew: range().optional(),
    timestampResolution: integer(1).optional(),
    clockPhase: range(0).optional(),
    createIfAbsent: z.boolean(expects('true or false')).optional(),
    mtimeFrom: z.enum(['store', 'writer'], expects('one of store, writer')).optional(),
  },
  expects('a mapping of store fields (may be {})'),
);

const faultsSchema = z.strictObject(
  {
    pauses: integer(0).default(0),
    pause: range(1).default(fresh(1, 8)),
    crashes: integer(0).default(0),
  },
  expects('a mapping of fault fields (pauses, pause, crashes)'),
);

const reduceWhat = `true, false, or a mapping of reduction names (${reductionNames.join(', ')}) to true or false`;

/** `explore.reduce`: every reduction on (true, the default), all off (false), or some named off. */
const reduceSchema = z.union(
  [
    z.boolean(),
    z.strictObject(
      Object.fromEntries(reductionNames.map((name) => [name, z.boolean(expects('true or false')).optional()])) as Record<ReductionName, z.ZodOptional<z.ZodBoolean>>,
      expects(reduceWhat),
    ),
  ],
  expects(reduceWhat),
);

const exploreSchema = z.strictObject(
  {
    mode: z.enum(['exhaustive', 'random', 'systematic'], expects('one of exhaustive, random, systematic')).default('exhaustive'),
    maxStates: integer(1).default(2_000_000),
    maxDepth: integer(1).default(300),
    runs: integer(1).default(10_000),
    seed: seed.default('1'),
    // Optional rather than defaulted, so that scenarios written before they
    // existed normalize as before; absent means uniform and depth 2 (see
    // sim/explore/random.ts).
    scheduler: z.enum(['uniform', 'pct'], expects('one of uniform, pct')).optional(),
    pctDepth: integer(1, 'an integer in [1, 64]').max(64, expects('an integer in [1, 64]')).optional(),
    /** Optional, like scheduler: absent means every reduction the protocol's declarations allow. */
    reduce: reduceSchema.optional(),
    /** Bound on the memory the exhaustive search holds, in MB; absent means 4096. */
    memoryMb: integer(1).optional(),
    /** Systematic mode: the most preemptions a schedule may have (sim/explore/systematic.ts); absent means 2. */
    preemptionsMax: integer(0, 'an integer in [0, 16]').max(16, expects('an integer in [0, 16]')).optional(),
  },
  expects('a mapping of explore fields'),
);

/**
 * The `fuzz` section: the limits within which `locksim fuzz` varies a
 * scenario. Every field is optional; parseScenario fills each absent one
 * from the scenario itself (see sim/scenario/parseFuzzSpec.ts), so that an
 * absent field is not varied.
 */
const fuzzSchema = z.strictObject(
  {
    /** How many clients: [min, max]; absent or null keeps the scenario's own clients as they are. */
    clients: range(1)
      .refine((value) => value[1] <= maxClients, expects(`a range [min, max] with max <= ${maxClients}`))
      .nullable()
      .optional(),
    /** Roles a generated client may take. */
    roles: z
      .array(z.string(expects('a role name')).min(1, expects('a role name')), expects('a list of role names'))
      .min(1, expects('a non-empty list of role names'))
      .optional(),
    /** Limits of each client's writes in its critical section. */
    writes: range(0).optional(),
    /** Limits of each client's start range. */
    start: range(0).optional(),
    /** Limits of the store's ranges. */
    latency: range(0).optional(),
    listLag: range(0).optional(),
    clockSkew: range().optional(),
    timestampResolution: range(1).optional(),
    /** Protocol options the fuzzer may set: a list of names (values from the protocol's schema), or name: [values]. */
    free: z
      .union(
        [
          z.array(z.string().min(1)),
          z.record(z.string().min(1), z.array(z.unknown()).min(1)),
        ],
        expects('a list of protocol option names, or a mapping of option names to lists of values'),
      )
      .optional(),
  },
  expects('a mapping of fuzz fields (may be {})'),
);

// The default is every known safety property (today mutualExclusion and exclusiveExcludesSync).
const propertyNames = safetyProperties.map((property) => property.name);

export const scenarioSchema = z.strictObject(
  {
    name: z.string(expects('a non-empty string')).min(1, expects('a non-empty string')).optional(),
    // Only the name here: the options are the protocol's own, checked by its schema.
    protocol: z
      .looseObject(
        {
          name: z.string(expects('a protocol name')).min(1, expects('a protocol name')).optional(),
          module: z.string(expects('a path to a protocol module')).min(1, expects('a path to a protocol module')).optional(),
        },
        expects('a mapping with the protocol name (or module) and its options'),
      )
      .optional(),
    // Real lock code instead of a protocol: a harness module (model/implementation.ts, spec/implementations.md).
    implementation: z
      .strictObject(
        {
          module: z.string(expects('a path to a harness module')).min(1, expects('a path to a harness module')),
          tickMs: integer(1).optional(),
        },
        expects('a mapping with the harness module path (and tickMs)'),
      )
      .optional(),
    clients: z
      .array(clientSchema, expects('a list of clients'))
      .min(1, expects('a list of at least 1 client'))
      .max(maxClients, expects(`a list of at most ${maxClients} clients`)),
    store: storeSchema,
    faults: faultsSchema.prefault({}),
    // prefault, not default: the empty mapping is parsed, so its fields get their defaults.
    explore: exploreSchema.prefault({}),
    properties: z
      .array(z.string(expects('a property name')), expects('a list of property names'))
      .min(1, expects('a non-empty list of property names'))
      .default(() => [...propertyNames]),
    expect: z.enum(['violation', 'safe'], expects('one of violation, safe')).nullable().optional(),
    fuzz: fuzzSchema.optional(),
  },
  expects('a mapping of scenario fields'),
);

export type ParsedScenarioBase = z.output<typeof scenarioSchema>;
