// Differential laws of the state-space reductions (issue 10, section 1): on
// small random scenarios of every built-in protocol and of the two example
// modules (and of the stale-constant fixture, whose age constant is in its
// code), the exhaustive search with every reduction the protocol allows
// (explore.reduce unset) is compared with the same search with none
// (explore.reduce: false), and with each reduction switched off alone:
// (a) the same verdict;
// (b) when both find a violation, the same property and exactly as many steps;
// (c) no more states with the reductions than without.
// Cases whose unreduced search stops at maxStates or maxDepth are skipped
// (fc.pre) and counted: more than a quarter skipped fails the test, since the
// laws would then be checked on too few cases.
//
// Each property runs with a fixed seed (fc.assert prints it, with the path,
// on failure; pass both back in `replay` below to rerun only that case). It
// stops at the first failure rather than shrinking: every shrink step is two
// exhaustive searches. Small failing scenarios found so far are saved under
// test/fixtures/regressions/ and checked at the end of this file.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { reductionNames, type ReduceSpec } from '../../../sim/engine/reductions.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import type { ExploreResult } from '../../../sim/explore/exploreResult.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { differentialScenario, loadRaw, protocolCase, protocolCases, type RawScenario } from '../../fixtures/differentialScenarios.ts';

/** Seed of every property below; change it (or set LOCKSIM_DIFF_SEED) to draw other cases. */
const seed = Number(process.env.LOCKSIM_DIFF_SEED ?? 20_260_410);
/** To rerun one failing case: `{ seed, path }` from fast-check's report. */
const replay: { seed: number; path: string } | null = null;

const limits = { maxStates: 60_000, maxDepth: 200 };

function search(raw: RawScenario, reduce: ReduceSpec | undefined): ExploreResult {
  const { sim, properties } = prepare(loadRaw(raw, { ...limits, ...(reduce === undefined ? {} : { reduce }) }));
  return exploreExhaustive(sim, properties, limits);
}

function searchScenario(scenario: Scenario, reduce: ReduceSpec | undefined): ExploreResult {
  const { sim, properties } = prepare({ ...scenario, explore: { ...scenario.explore, reduce } });
  return exploreExhaustive(sim, properties, limits);
}

/** What the laws compare of one search. */
function outcome(result: ExploreResult) {
  return {
    verdict: result.verdict,
    property: result.counterexample?.property ?? null,
    steps: result.counterexample?.steps ?? null,
  };
}

/** Laws (a), (b) and (c), of a search with `reduce` against the unreduced one. */
function expectLaws(reduced: ExploreResult, full: ExploreResult, label: string): void {
  const seen = outcome(reduced);
  const wanted = outcome(full);
  expect(seen.verdict, `${label}: verdict`).toBe(wanted.verdict);
  if (wanted.verdict === 'violation') expect(seen, `${label}: violated property and counterexample steps`).toEqual(wanted);
  expect(reduced.stats.states, `${label}: states with reductions <= states without`).toBeLessThanOrEqual(full.stats.states);
}

type Tally = { checked: number; skipped: number; smaller: number };

/**
 * Checks the laws on `numRuns` cases of `cases`, comparing `reduce` with no
 * reduction, and returns how many were checked, skipped, and searched fewer
 * states with the reductions.
 */
function checkLaws(cases: fc.Arbitrary<RawScenario>, reduce: ReduceSpec | undefined, numRuns: number, label: string): Tally {
  const tally: Tally = { checked: 0, skipped: 0, smaller: 0 };
  fc.assert(
    fc.property(cases, (raw) => {
      const full = search(raw, false);
      if (full.verdict === 'incomplete') tally.skipped += 1;
      fc.pre(full.verdict !== 'incomplete');
      const reduced = search(raw, reduce);
      tally.checked += 1;
      if (reduced.stats.states < full.stats.states) tally.smaller += 1;
      expectLaws(reduced, full, `${label}, reduce ${JSON.stringify(reduce ?? 'unset')}`);
    }),
    { seed: replay?.seed ?? seed, ...(replay === null ? {} : { path: replay.path }), numRuns, endOnFailure: true, maxSkipsPerRun: 10 },
  );
  if (replay === null) expect(tally.skipped, `${label}: skipped ${tally.skipped} of ${tally.checked + tally.skipped} (unreduced search incomplete)`).toBeLessThanOrEqual((tally.checked + tally.skipped) / 4);
  return tally;
}

/** Runs per protocol for the comparison with every reduction on, tuned so that the file takes well under 40 s. */
const runsAllOn: Record<string, number> = {
  'pending-lock': 40,
  'write-verify': 40,
  'create-exclusive': 30,
  'lease-fencing': 30,
  joplin: 20,
  'put-then-verify': 40,
  'check-then-put': 50,
  'stale-constant': 40,
  'store-clock-lease': 40,
  'refresh-timer-lease': 60,
};

/** Runs per reduction switched off alone, over a protocol drawn from all of them. */
const runsOneOff = 16;

describe('every reduction on against every reduction off', () => {
  for (const entry of protocolCases) {
    test(`${entry.label}: same verdict, same counterexample, no more states`, () => {
      const tally = checkLaws(differentialScenario(entry), undefined, runsAllOn[entry.label]!, entry.label);
      // The comparison compares something: the reductions do merge states.
      if (replay === null) expect(tally.smaller, `${entry.label}: cases where the reductions searched fewer states`).toBeGreaterThan(0);
    });
  }
});

describe('each reduction off alone against every reduction off', () => {
  const anyProtocol = fc.constantFrom(...protocolCases).chain((entry) => differentialScenario(entry));
  for (const name of reductionNames) {
    test(`${name}: false`, () => {
      checkLaws(anyProtocol, { [name]: false }, runsOneOff, `all but ${name}`);
    });
  }
});

describe('stale-constant: a lock counts as abandoned after an age written in the code', () => {
  const file = 'test/fixtures/protocols/stale-constant.yaml';

  test('its declarations turn on relativeTime and fileFields, never oldTimes', () => {
    const { sim } = prepare(loadScenario(file));
    expect(sim.reductions.relativeTime).toBe(true);
    expect(sim.reductions.fileFields).toBe(true);
    expect(sim.reductions.oldTimes).toBe(false);
    expect(sim.plan.off).toContainEqual({ name: 'oldTimes', why: 'protocol stale-constant does not declare ageHorizonTicks' });
  });

  test('exhaustive search finds the holder overtaken once its lock is 40 ticks old', () => {
    const { result, trace } = explore(prepare(loadScenario(file)), file);
    expect(result.verdict).toBe('violation');
    expect(result.counterexample!.property).toBe('mutualExclusion');
    expect(trace!.violation.property).toBe('mutualExclusion');
  });

  test('random search finds it too', () => {
    const scenario = loadScenario(file);
    const { result } = explore(prepare({ ...scenario, explore: { ...scenario.explore, mode: 'random', runs: 200, seed: '1' } }), file);
    expect(result.verdict).toBe('violation');
    expect(result.counterexample!.property).toBe('mutualExclusion');
  });

  test('a holder that leaves before the constant passes is safe, with and without reductions', () => {
    const scenario = loadScenario(file);
    const shortHold = { ...scenario, protocol: { ...scenario.protocol, holdTicks: 30 } };
    expect(searchScenario(shortHold, undefined).verdict).toBe('safe');
    expect(searchScenario(shortHold, false).verdict).toBe('safe');
  });

  test('the laws hold on the shipped scenario', () => {
    const scenario = loadScenario(file);
    expectLaws(searchScenario(scenario, undefined), searchScenario(scenario, false), file);
  });

  test('the laws hold on random stale-constant scenarios with a long hold', () => {
    const longHold = differentialScenario(protocolCase('stale-constant'), { clientsMax: 2 }).map((raw) => ({
      ...raw,
      protocol: { ...raw.protocol, holdTicks: 50, attempts: 5 },
    }));
    checkLaws(longHold, undefined, 15, 'stale-constant, long hold');
  });
});

describe('regressions found by these laws', () => {
  // Each file's comment gives the numbers with and without reductions.
  test('an event runs on through enter and exit with and without reductions: the counterexample is as long either way (test/fixtures/regressions/fuse-shortens-counterexample.yaml)', () => {
    const scenario = loadScenario('test/fixtures/regressions/fuse-shortens-counterexample.yaml');
    const full = searchScenario(scenario, false);
    expect(outcome(full)).toEqual({ verdict: 'violation', property: 'mutualExclusion', steps: 14 });
    expectLaws(searchScenario(scenario, undefined), full, 'all on');
  });

  test('reactAtCommit: no more states than without reductions (test/fixtures/regressions/react-at-commit-more-states.yaml)', () => {
    const scenario = loadScenario('test/fixtures/regressions/react-at-commit-more-states.yaml');
    const full = searchScenario(scenario, false);
    expect(outcome(full)).toEqual({ verdict: 'safe', property: null, steps: null });
    expectLaws(searchScenario(scenario, undefined), full, 'all on');
    expectLaws(searchScenario(scenario, { partialOrder: false, relativeTime: false, oldTimes: false, fileFields: false, terminal: false }), full, 'only reactAtCommit');
  });
});
