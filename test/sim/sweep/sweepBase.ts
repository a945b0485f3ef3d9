// The base scenarios of the sweep tests: tiny, so that a grid of them runs
// in well under a second. With server timestamps, pending-lock is safe for
// two upgraders while lists lag by up to 4 ticks, and broken from 5 on.

import { loadScenarioText } from '../../../sim/scenario/loadScenario.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { parseParam } from '../../../sim/sweep/parseParam.ts';
import { sweepPlan } from '../../../sim/sweep/sweepPlan.ts';
import type { SweepCell, SweepResult } from '../../../sim/sweep/sweepResult.ts';

export const sweepBaseFile = 'test/sim/sweep/lag.yaml';

/** The base text with a field's value replaced: what a user would write to check one cell by hand. */
export function lagText(fields: { listLag?: string; maxStates?: string; timestamp?: string } = {}): string {
  return [
    'name: lag',
    `protocol: { name: pending-lock, timestamp: ${fields.timestamp ?? 'server'} }`,
    'clients:',
    '  - { id: A, role: upgrader }',
    '  - { id: B, role: upgrader }',
    `store: { latency: 1, listLag: ${fields.listLag ?? '0'} }`,
    `explore: { maxStates: ${fields.maxStates ?? '20000'} }`,
    '',
  ].join('\n');
}

export function lagBase(): Scenario {
  return loadScenarioText(lagText(), sweepBaseFile);
}

/**
 * A finished sweep with made-up verdicts, for the table, chart, CSV and JSON
 * tests: `rows` is one string per row, one letter per cell, s safe,
 * v violation, i incomplete, u safe where B never entered its section.
 */
export function syntheticSweep(params: string[], rows: string[]): SweepResult {
  const plan = sweepPlan(sweepBaseFile, lagBase(), params.map(parseParam));
  const cells = rows.join('').split('').map((letter): SweepCell => {
    const verdict = letter === 'v' ? 'violation' : letter === 'i' ? 'incomplete' : 'safe';
    return {
      verdict,
      property: verdict === 'violation' ? 'mutualExclusion' : null,
      message: verdict === 'violation' ? 'A and B hold EXCLUSIVE at once' : verdict === 'incomplete' ? 'maxStates (50) reached' : null,
      states: 100,
      transitions: 120,
      depth: 20,
      steps: verdict === 'violation' ? 23 : null,
      neverReached: letter === 'u' ? ['B'] : [],
      trace: null,
    };
  });
  if (cells.length !== plan.cells.length) throw new Error(`syntheticSweep: ${cells.length} verdicts for ${plan.cells.length} cells`);
  return { plan, cells };
}
