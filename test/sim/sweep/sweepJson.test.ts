import { describe, expect, test } from 'vitest';
import { sweepJson } from '../../../sim/sweep/sweepJson.ts';
import { syntheticSweep } from './sweepBase.ts';

describe('sweepJson', () => {
  test('one object on one line: params, every cell with its values, the boundary', () => {
    const text = sweepJson(syntheticSweep(['store.listLag=0..1', 'protocol.pollInterval=1..2'], ['vs', 'vv']));
    expect(text).not.toContain('\n');
    const json = JSON.parse(text);
    expect(json.scenario).toBe('test/sim/sweep/lag.yaml');
    expect(json.params).toEqual([
      { path: 'store.listLag', axis: 'rows', kind: 'range', given: ['0', '1'], values: [[0, 0], [0, 1]], labels: ['[0,0]', '[0,1]'] },
      { path: 'protocol.pollInterval', axis: 'columns', kind: 'value', given: ['1', '2'], values: [1, 2], labels: ['1', '2'] },
    ]);
    expect(json.cells).toHaveLength(4);
    expect(json.cells[1]).toEqual({
      row: 0,
      column: 1,
      values: { 'store.listLag': [0, 0], 'protocol.pollInterval': 2 },
      verdict: 'safe',
      property: null,
      message: null,
      states: 100,
      transitions: 120,
      depth: 20,
      steps: null,
      neverReached: [],
      trace: null,
    });
    expect(json.cells[2].verdict).toBe('violation');
    expect(json.cells[2].property).toBe('mutualExclusion');
    expect(json.boundary).toEqual([
      { row: 0, value: [0, 0], smallestSafe: 2 },
      { row: 1, value: [0, 1], smallestSafe: null },
    ]);
  });

  test('one param: cells and boundary have no row', () => {
    const json = JSON.parse(sweepJson(syntheticSweep(['protocol.pollInterval=1..2'], ['vs'])));
    expect(json.params).toHaveLength(1);
    expect(json.cells.map((cell: { row: unknown; column: number }) => [cell.row, cell.column])).toEqual([[null, 0], [null, 1]]);
    expect(json.boundary).toEqual([{ row: null, value: null, smallestSafe: 2 }]);
  });
});
