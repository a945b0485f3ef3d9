// One fuzz case, run: its scenario driven by its choice list until a
// property breaks, every client is done, or maxDepth steps.

import { prepare } from '../engine/prepare.ts';
import { randomRun, type RunOutcome } from '../explore/random.ts';
import type { FuzzCase } from './fuzzCaseArbitrary.ts';
import { ListChooser } from './listChooser.ts';

export function runFuzzCase(fuzzCase: FuzzCase): RunOutcome {
  const { sim, properties } = prepare(fuzzCase.scenario);
  const reached = sim.clientIds.map(() => false);
  // randomRun records the answers actually given: they, not the list, are what a trace keeps.
  return randomRun(sim, properties, '(fuzz choices)', fuzzCase.scenario.explore.maxDepth, reached, new ListChooser(fuzzCase.choices));
}
