import { describe, expect, test } from 'vitest';
import { plotSweep } from '../../../sim/sweep/plotSweep.ts';
import { syntheticSweep } from './sweepBase.ts';

describe('plotSweep', () => {
  test('one block per cell, the largest row on top, axis labels and a legend in characters', () => {
    const lines = plotSweep(syntheticSweep(['store.listLag=0..2', 'protocol.pollInterval=1..3'], ['sss', 'vus', 'ivv'])).split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'test/sim/sweep/lag.yaml: lag: 3 x 3 cells: 5 safe, 3 violation, 1 incomplete',
      '',
      'store.listLag',
      '[0,2] │??░░░░',
      '[0,1] │░░████',
      '[0,0] │██████',
      '      └──────',
      '       1 2 3',
      '       protocol.pollInterval',
      '',
    ]);
    expect(lines).toContain('█ safe = every reachable state explored and mutualExclusion, exclusiveExcludesSync, fencedWrites held');
    expect(lines).toContain('░ violation = a property broke (mutualExclusion in 3 cells)');
    expect(lines.some((line) => line.startsWith('? incomplete = '))).toBe(true);
    expect(lines).toContain('  store.listLag [0,1]: smallest safe protocol.pollInterval = 2');
    expect(lines.join('\n')).not.toMatch(/\x1b\[/);
  });

  test('a cell is as wide as its column label', () => {
    const lines = plotSweep(syntheticSweep(['protocol.tieBreak=strict,client-id'], ['vs'])).split('\n');
    expect(lines.slice(2, 6)).toEqual([' │░░░░░░░░░░██████████', ' └────────────────────', '  strict    client-id', '  protocol.tieBreak']);
  });
});
