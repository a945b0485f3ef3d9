import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { boundaryLines, safeFrom, sweepCell } from '../../../sim/sweep/sweepResult.ts';
import { lagBase, sweepBaseFile, syntheticSweep } from './sweepBase.ts';

describe('safeFrom: where each row turns safe for good', () => {
  test('the first column from which every cell to the right is safe; null when the last is not', () => {
    const result = syntheticSweep(['store.listLag=0..3', 'protocol.pollInterval=1..4'], ['ssss', 'vsss', 'vsvs', 'svsv']);
    expect(safeFrom(result)).toEqual([0, 1, 3, null]);
  });

  test('incomplete is not safe', () => {
    expect(safeFrom(syntheticSweep(['protocol.pollInterval=1..3'], ['sis']))).toEqual([2]);
  });

  test('a safe cell where a client never entered still counts as safe', () => {
    expect(safeFrom(syntheticSweep(['protocol.pollInterval=1..2'], ['vu']))).toEqual([1]);
  });
});

describe('boundaryLines', () => {
  test('one line per row, in words', () => {
    const result = syntheticSweep(['store.listLag=0..3', 'protocol.pollInterval=1..3'], ['sss', 'vss', 'vvv', 'svv']);
    expect(boundaryLines(result)).toEqual([
      'store.listLag [0,0]: smallest safe protocol.pollInterval = 1',
      'store.listLag [0,1]: smallest safe protocol.pollInterval = 2',
      'store.listLag [0,2]: no safe protocol.pollInterval (swept 1 to 3)',
      'store.listLag [0,3]: not safe at protocol.pollInterval = 3, the last value swept (safe at 1)',
    ]);
  });

  test('a single param has no row to name', () => {
    expect(boundaryLines(syntheticSweep(['protocol.pollInterval=1..3'], ['vss']))).toEqual(['smallest safe protocol.pollInterval = 2']);
  });
});

describe('sweepCell', () => {
  test('takes what check reports from an explored cell', () => {
    const explored = explore(prepare(lagBase()), sweepBaseFile);
    const cell = sweepCell(explored, null);
    expect(cell).toEqual({
      verdict: explored.result.verdict,
      property: null,
      message: null,
      states: explored.result.stats.states,
      transitions: explored.result.stats.transitions,
      depth: explored.result.stats.depth,
      steps: null,
      neverReached: Object.entries(explored.result.reached).filter(([, reached]) => !reached).map(([id]) => id),
      trace: null,
    });
  });
});
