// One cell of a sweep, explored exactly as `check` explores a scenario: the
// same preparation, the same explorer, the same bounds. Serial sweeps call it
// in the main thread, parallel sweeps in worker threads.

import { prepare } from '../engine/prepare.ts';
import { explore, type Explored } from '../explore/explore.ts';
import type { Scenario } from '../scenario/scenario.ts';

/** `keepTrace` false drops the counterexample's trace (the result still names the property and the steps). */
export function exploreCell(scenario: Scenario, file: string, keepTrace: boolean): Explored {
  const explored = explore(prepare(scenario), file);
  if (explored.result.verdict === 'violation' && explored.trace === null) throw new Error('exploreCell: a violation without a trace');
  return keepTrace ? explored : { result: explored.result, trace: null };
}
