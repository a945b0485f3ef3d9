import { describe, expect, test } from 'vitest';
import { sweepCsv } from '../../../sim/sweep/sweepCsv.ts';
import { syntheticSweep } from './sweepBase.ts';

describe('sweepCsv', () => {
  test('a header, then one line per cell in grid order, each param as given', () => {
    expect(sweepCsv(syntheticSweep(['store.listLag=0..1', 'protocol.tieBreak=strict,client-id'], ['vs', 'is']))).toBe(
      [
        'store.listLag,protocol.tieBreak,verdict,property,states,transitions,depth,steps,trace',
        '0,strict,violation,mutualExclusion,100,120,20,23,',
        '0,client-id,safe,,100,120,20,,',
        '1,strict,incomplete,,100,120,20,,',
        '1,client-id,safe,,100,120,20,,',
        '',
      ].join('\n'),
    );
  });

  test('fields with commas or quotes are quoted', () => {
    const result = syntheticSweep(['protocol.pollInterval=1'], ['v']);
    result.cells[0]!.trace = 'out/a,"b".trace.json';
    expect(sweepCsv(result).split('\n')[1]).toBe('1,violation,mutualExclusion,100,120,20,23,"out/a,""b"".trace.json"');
  });
});
