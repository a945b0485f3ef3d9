import { describe, expect, test } from 'vitest';
import { formatSweepTable } from '../../../sim/sweep/formatSweepTable.ts';
import { syntheticSweep } from './sweepBase.ts';

describe('formatSweepTable', () => {
  test('rows down the side, columns across, | where each row turns safe, the boundary in words', () => {
    const result = syntheticSweep(['store.listLag=0..2', 'protocol.pollInterval=1..3'], ['sss', 'vus', 'ivv']);
    expect(formatSweepTable(result)).toBe(
      [
        'test/sim/sweep/lag.yaml: lag: 3 x 3 cells: 5 safe, 3 violation, 1 incomplete',
        '',
        '                protocol.pollInterval',
        'store.listLag   1         2         3',
        '        [0,0] | safe      safe      safe',
        '        [0,1]   VIOL    | safe*     safe',
        '        [0,2]   incompl   VIOL      VIOL',
        '',
        'safe = every reachable state explored and mutualExclusion, exclusiveExcludesSync, fencedWrites held',
        '  (the chance that a fingerprint collision hid a state is at most 2.7e-16 in any safe cell)',
        'VIOL = a property broke (mutualExclusion in 3 cells)',
        'incompl = a bound (maxStates, maxDepth) stopped the search, or random mode found nothing',
        'note: in 1 safe cell (safe* in the table) some client never entered its critical section, and the verdict says nothing about it',
        'boundary (| in the table): the first protocol.pollInterval from which every cell to its right is safe',
        '  store.listLag [0,0]: smallest safe protocol.pollInterval = 1',
        '  store.listLag [0,1]: smallest safe protocol.pollInterval = 2',
        '  store.listLag [0,2]: no safe protocol.pollInterval (swept 1 to 3)',
      ].join('\n'),
    );
  });

  test('one param: a single row of verdicts', () => {
    const lines = formatSweepTable(syntheticSweep(['protocol.tieBreak=strict,client-id'], ['vs'])).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'test/sim/sweep/lag.yaml: lag: 2 cells: 1 safe, 1 violation, 0 incomplete',
      '',
      '          protocol.tieBreak',
      '          strict      client-id',
      'verdict   VIOL      | safe',
    ]);
    expect(lines[lines.length - 1]).toBe('  smallest safe protocol.tieBreak = client-id');
  });

  test('no colour and no timing: the text depends on the verdicts only', () => {
    const text = formatSweepTable(syntheticSweep(['store.listLag=0..1'], ['sv']));
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).not.toMatch(/\d+(\.\d+)? ?(ms|s)\b/);
  });

  test('the fingerprint collision chance is given only when some cell is safe', () => {
    expect(formatSweepTable(syntheticSweep(['store.listLag=0..1'], ['vs']))).toContain('fingerprint collision');
    expect(formatSweepTable(syntheticSweep(['store.listLag=0..1'], ['vi']))).not.toContain('fingerprint collision');
  });
});
