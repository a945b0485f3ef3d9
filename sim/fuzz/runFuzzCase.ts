// One fuzz case, checked: its scenario driven by its choice list until a
// property breaks, every client is done, or maxDepth steps; and, when that
// run holds, an exhaustive search of the same scenario bounded by the case's
// own searchStatesMax. Fuzzed scenarios are often narrow enough for a small
// search to cover them whole, and a bug whose schedule a random list almost
// never spells out is then found anyway; the bound keeps each case cheap
// whatever the scenario.

import { prepare } from '../engine/prepare.ts';
import { boundedSearch } from '../explore/boundedSearch.ts';
import { randomRun } from '../explore/random.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { FuzzCase } from './fuzzCaseArbitrary.ts';
import { ListChooser } from './listChooser.ts';

export type FuzzCaseOutcome = {
  violation: { property: string; message: string } | null;
  /** The chooser's answers of the violating run (the listed run's, or the search's shortest). */
  answers: number[];
  steps: number;
  /** Which of the two found it. */
  foundBy: 'run' | 'search' | null;
  /** States the search stored (0 when it did not run): the case's cost, for budgets. */
  statesSearched: number;
};

function rangeCount(range: readonly [number, number]): number {
  return range[1] - range[0] + 1;
}

/** How many initial worlds the scenario has: a clock skew and a start tick per client. */
export function initialStates(scenario: Scenario): number {
  let count = 1;
  for (const client of scenario.clients) count *= rangeCount(scenario.store.clockSkew) * rangeCount(client.start);
  return count;
}

/** `searches` false: the listed run only. */
export function runFuzzCase(fuzzCase: FuzzCase, searches = true): FuzzCaseOutcome {
  const { sim, properties } = prepare(fuzzCase.scenario);
  const maxDepth = fuzzCase.scenario.explore.maxDepth;
  // randomRun records the answers actually given: they, not the list, are what a trace keeps.
  const run = randomRun(sim, properties, '(fuzz choices)', maxDepth, sim.clientIds.map(() => false), new ListChooser(fuzzCase.choices));
  if (run.violation !== null) return { violation: run.violation, answers: run.answers, steps: run.steps, foundBy: 'run', statesSearched: 0 };
  // A search that cannot even hold every initial state covers nothing whole, and listing the initial states alone can take
  // seconds (a skew and a start per client multiply): such a case gets its listed run only.
  if (!searches || initialStates(fuzzCase.scenario) > fuzzCase.searchStatesMax) {
    return { violation: null, answers: run.answers, steps: run.steps, foundBy: null, statesSearched: 0 };
  }
  const search = boundedSearch(sim, properties, { maxStates: fuzzCase.searchStatesMax, maxDepth });
  const example = search.counterexample;
  const statesSearched = search.stats.states;
  if (example === null) return { violation: null, answers: run.answers, steps: run.steps, foundBy: null, statesSearched };
  return { violation: { property: example.property, message: example.message }, answers: example.answers, steps: example.steps, foundBy: 'search', statesSearched };
}
