// The systematic search's bookkeeping: one state encoder for the whole
// search, however many points it fingerprints (one per point made hundreds
// of kept segments each time and a search took 50 s instead of 4).
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { exploreSystematic } from '../../../sim/explore/systematic.ts';
import { loadScenarioText } from '../../../sim/scenario/loadScenario.ts';

const fixtures = join(import.meta.dirname, '../impl/fixtures');

describe('exploreSystematic', () => {
  test('makes one state encoder for a search of many schedules and points', () => {
    const text = [
      'implementation: { module: ./checkThenPut.ts }',
      'clients:',
      '  - { id: A, role: upgrader }',
      '  - { id: B, role: upgrader, start: [0, 2] }',
      'store: { latency: [1, 1] }',
      'explore: { mode: systematic, preemptionsMax: 1 }',
      '',
    ].join('\n');
    const { sim, properties } = prepare(loadScenarioText(text, join(fixtures, 'inline.yaml')));
    const encoders = vi.spyOn(sim, 'encoder');
    const result = exploreSystematic(sim, properties, { preemptionsMax: 1, maxDepth: 200, schedulesMax: 10_000 });
    expect(result.stats.runs).toBeGreaterThan(10);
    expect(result.stats.states).toBeGreaterThan(100);
    expect(encoders).toHaveBeenCalledTimes(1);
  });
});
