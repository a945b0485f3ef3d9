// The fuzz loop: fast-check generates cases around a base scenario, checks
// each (see runFuzzCase.ts), and on the first violation shrinks it to a
// minimal case.
//
// Three phases, each deterministic given the seed:
// 1. search: fc.check with endOnFailure, bounded by runs and/or time; it
//    yields the path of the first failing case ("k");
// 2. shrink: fc.check from that path, bounded by evaluations and by states
//    searched; only a violation of the same property counts as failing, so
//    shrinking never trades the bug found for another one;
// 3. with `path` given instead (a reproduction), fc.check with that path and
//    endOnFailure replays exactly the case it names, with no search or shrink.
// The time budget bounds phase 1 only: how far the search got may depend on
// the machine, but the case at a given path never does.

import * as fc from 'fast-check';
import type { FuzzSpec, Scenario } from '../scenario/scenario.ts';
import { fuzzCaseArbitrary, fuzzedScenario, searchBounds, type FuzzCase } from './fuzzCaseArbitrary.ts';
import { fastCheckSeed } from './fuzzSeed.ts';
import { runFuzzCase, type FuzzCaseOutcome } from './runFuzzCase.ts';
import { prepare } from '../engine/prepare.ts';
import { exploreRandom } from '../explore/random.ts';

export type FuzzBudget = {
  /** Most cases to try; null for no count limit (then timeMs must be set). */
  runs: number | null;
  /** Wall-clock limit of the search in milliseconds; null for none. */
  timeMs: number | null;
};

export type FuzzOptions = {
  /** A validated locksim seed: decimal digits or 40 hex digits. */
  seed: string;
  /** A fast-check path to replay exactly, as printed by an earlier run; null to search. */
  path: string | null;
  budget: FuzzBudget;
  /** Bound on the runs the shrinker may make. */
  shrinkRunsMax?: number;
  /** Whether each case's scenario is also searched exhaustively within its bound (default true). */
  searches?: boolean;
  /** Called every `progressEveryRuns` cases with the cases run so far. */
  onProgress?: (runs: number) => void;
  /**
   * `--shard i/n` of one base: of fast-check's sequence of cases, this run
   * tries the base case (shard 1 only) and generated case k (0-based) when
   * k mod n = i - 1. Cases are generated whether tried or not, so case k is
   * the same in every shard and unsharded, and so is its path.
   */
  shard?: { index: number; count: number } | null;
  /** Called with each case this run tries, before it runs, with its index in fast-check's sequence (-1 for the base case). */
  onCase?: (fuzzCase: FuzzCase, index: number) => void;
};

export type FuzzFound = {
  /** The minimal case. */
  fuzzCase: FuzzCase;
  property: string;
  message: string;
  /** The chooser's answers of the minimal case's run, which replay it. */
  answers: number[];
  steps: number;
  /** fast-check's path to the minimal case: with the seed, it reproduces it. */
  path: string;
  /** Clients of the first failing case, before shrinking (null when a path was replayed). */
  clientsBeforeShrink: number | null;
  shrinks: number;
  /** Whether shrinking stopped at its bound (runs or states) rather than at a case it could not shrink. */
  shrinkBounded: boolean;
  /** Whether the case's listed run broke the property, or the small search of its scenario did. */
  foundBy: 'run' | 'search';
};

export type FuzzResult = {
  seed: string;
  fastCheckSeed: number;
  /** Cases run by the search, the failing one included (with a shard: this shard's). */
  runs: number;
  /** Cases fast-check generated, tried or not: `runs` unless sharded. */
  generated: number;
  /** Whether the time budget stopped the search. */
  interrupted: boolean;
  found: FuzzFound | null;
  /** A replayed path that no longer fails: why. */
  diverged: string | null;
};

/** The search's case bound when only a time budget is given: everything has a bound. */
export const fuzzRunsMax = 100_000_000;
export const defaultShrinkRunsMax = 1_000;
/** States all the shrinker's searches may store together: a case found by a large search is costly to shrink, and the model-checked pass that follows shrinks it anyway. */
export const shrinkStatesMax = 250_000;
const progressEveryRuns = 500;

/** Uniform random runs of the base itself, as random mode makes them, before any generated case. */
const baseRandomRuns = 600;

/** The base case: its bounded exhaustive search, then random mode's runs with the fuzz seed. */
function baseOutcome(baseCase: FuzzCase, seed: string): FuzzCaseOutcome {
  const searched = runFuzzCase(baseCase, true);
  if (searched.violation !== null) return searched;
  const { sim, properties } = prepare(baseCase.scenario);
  const random = exploreRandom(sim, properties, { runs: baseRandomRuns, maxDepth: baseCase.scenario.explore.maxDepth, seed });
  const example = random.counterexample;
  if (example === null) return searched;
  return { violation: { property: example.property, message: example.message }, answers: example.answers, steps: example.steps, foundBy: 'run', statesSearched: searched.statesSearched };
}

/** The path that names the base scenario itself, searched before any generated case. */
export const basePath = 'base';
const baseSearchStatesMax = Math.max(...searchBounds.map((bound) => bound.states));

export function fuzzScenario(base: Scenario, spec: FuzzSpec, options: FuzzOptions): FuzzResult {
  const { budget } = options;
  const searches = options.searches ?? true;
  // The failing case is asked again (to shrink it, to report it); its search may be the costly one, so the last failure is kept.
  let lastFailure: { key: string; outcome: FuzzCaseOutcome } | null = null;
  const check = (fuzzCase: FuzzCase): FuzzCaseOutcome => {
    const key = JSON.stringify(fuzzCase);
    if (lastFailure !== null && lastFailure.key === key) return lastFailure.outcome;
    const outcome = runFuzzCase(fuzzCase, searches);
    if (outcome.violation !== null) lastFailure = { key, outcome };
    return outcome;
  };
  const violationOf = (fuzzCase: FuzzCase) => check(fuzzCase).violation;
  if (budget.runs === null && budget.timeMs === null) throw new Error('fuzz: a budget needs runs or time');
  if (budget.runs !== null && !(Number.isInteger(budget.runs) && budget.runs >= 1)) throw new Error(`fuzz: runs ${budget.runs}`);
  if (budget.timeMs !== null && !(budget.timeMs > 0)) throw new Error(`fuzz: time ${budget.timeMs} ms`);
  const seed = fastCheckSeed(options.seed);
  const arbitrary = fuzzCaseArbitrary(base, spec);
  const result: FuzzResult = { seed: options.seed, fastCheckSeed: seed, runs: 0, generated: 0, interrupted: false, found: null, diverged: null };
  const shard = options.shard ?? null;
  if (shard !== null && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new Error(`fuzz: shard ${shard.index}/${shard.count}`);
  }
  if (shard !== null && options.path !== null) throw new Error('fuzz: a path names one case; it takes no shard');
  const ownsBase = shard === null || shard.index === 1;

  // The base itself is the first case, searched at the largest bound: a
  // violation the base already shows is never left to the luck of the draw.
  if ((options.path === null && ownsBase) || options.path === basePath) {
    const { latency, listLag, clockSkew, timestampResolution } = base.store;
    const scenario = fuzzedScenario(base, { options: {}, clients: base.clients, store: { latency, listLag, clockSkew, timestampResolution } });
    const baseCase: FuzzCase = { scenario, choices: [], searchStatesMax: baseSearchStatesMax };
    if (options.path === null) options.onCase?.(baseCase, -1);
    const outcome = searches ? baseOutcome(baseCase, options.seed) : null;
    if (outcome !== null && outcome.violation !== null) {
      result.runs = 1;
      result.generated = 1;
      result.found = found(outcome, baseCase, basePath, null, 0, false);
      return result;
    }
    if (options.path === basePath) {
      result.diverged = `path ${basePath} of ${options.seed}: the base scenario shows no violation any more: it, the protocol or locksim changed since the path was printed`;
      return result;
    }
  }

  if (options.path !== null) {
    const replayed = fc.check(
      fc.property(arbitrary, (fuzzCase) => violationOf(fuzzCase) === null),
      { seed, path: options.path, endOnFailure: true },
    );
    if (!replayed.failed || replayed.counterexample === null) {
      result.diverged = `fast-check path ${options.path} of seed ${options.seed} leads to no violation: the base scenario, its fuzz section, the protocol or locksim changed since the path was printed`;
      return result;
    }
    result.runs = 1;
    result.generated = 1;
    result.found = found(check(replayed.counterexample[0]), replayed.counterexample[0], options.path, null, 0, false);
    return result;
  }

  let generated = 0;
  let runs = 0;
  const plugins = budget.timeMs === null ? [] : [fc.interruptAfterTimeLimit(budget.timeMs)];
  const searched = fc.check<[FuzzCase]>(
    fc.property(arbitrary, (fuzzCase) => {
      const index = generated;
      generated += 1;
      // Another shard's case: generated (so that the sequence stays the same), not tried.
      if (shard !== null && index % shard.count !== shard.index - 1) return true;
      runs += 1;
      options.onCase?.(fuzzCase, index);
      if (options.onProgress && runs % progressEveryRuns === 0) options.onProgress(runs);
      return violationOf(fuzzCase) === null;
    }),
    { seed, numRuns: budget.runs ?? fuzzRunsMax, endOnFailure: true, plugins },
  );
  if (searched.numRuns !== generated) throw new Error(`fuzz: fast-check ran ${searched.numRuns} cases, the property saw ${generated}`);
  result.runs = runs;
  result.generated = generated;
  result.interrupted = searched.interrupted && !searched.failed;
  if (!searched.failed || searched.counterexample === null || searched.counterexamplePath === null) {
    if (searched.failed && !searched.interrupted) throw new Error(`fuzz: fast-check failed without a counterexample: ${String(searched.errorInstance)}`);
    return result;
  }
  const first = searched.counterexample[0];
  // A protocol fault is the protocol's bug, reported as such rather than shrunk.
  const target = violationOf(first);
  if (target === null) throw new Error('fuzz: a failing case passed when run again (nondeterministic run?)');

  let shrinkRuns = 0;
  let shrinkStates = 0;
  const shrinkRunsMax = options.shrinkRunsMax ?? defaultShrinkRunsMax;
  const shrunk = fc.check(
    fc.property(arbitrary, (fuzzCase) => {
      // The first call replays the failing case; past either bound every later candidate "passes", so the shrinker stops where it is, deterministically.
      if (shrinkRuns > 0 && (shrinkRuns > shrinkRunsMax || shrinkStates > shrinkStatesMax)) return true;
      shrinkRuns += 1;
      const outcome = check(fuzzCase);
      shrinkStates += outcome.statesSearched;
      return outcome.violation?.property !== target.property;
    }),
    { seed, path: searched.counterexamplePath },
  );
  if (!shrunk.failed || shrunk.counterexample === null || shrunk.counterexamplePath === null) {
    throw new Error(`fuzz: the failing case at path ${searched.counterexamplePath} did not fail again (nondeterministic run?)`);
  }
  const bounded = shrinkRuns > shrinkRunsMax || shrinkStates > shrinkStatesMax;
  result.found = found(check(shrunk.counterexample[0]), shrunk.counterexample[0], shrunk.counterexamplePath, first.scenario.clients.length, shrunk.numShrinks, bounded);
  return result;
}

function found(
  outcome: FuzzCaseOutcome,
  fuzzCase: FuzzCase,
  path: string,
  clientsBeforeShrink: number | null,
  shrinks: number,
  shrinkBounded: boolean,
): FuzzFound {
  if (outcome.violation === null) throw new Error(`fuzz: the case at path ${path} passed when run again (nondeterministic run?)`);
  return {
    fuzzCase,
    property: outcome.violation.property,
    message: outcome.violation.message,
    answers: outcome.answers,
    steps: outcome.steps,
    path,
    clientsBeforeShrink,
    shrinks,
    shrinkBounded,
    foundBy: outcome.foundBy ?? 'run',
  };
}
