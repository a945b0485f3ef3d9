import { describe, expect, test } from 'vitest';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { parseParam, sweepValuesMax } from '../../../sim/sweep/parseParam.ts';

function problemOf(given: string): string {
  try {
    parseParam(given);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error(`parseParam accepted ${given}`);
}

describe('parseParam reads a path and its values', () => {
  test('a..b is every integer from a to b, inclusive', () => {
    expect(parseParam('store.listLag=0..3')).toEqual({ path: 'store.listLag', segments: ['store', 'listLag'], texts: ['0', '1', '2', '3'], given: 'store.listLag=0..3' });
  });

  test('a..b may be negative, and a..a is one value', () => {
    expect(parseParam('store.clockSkew=-2..0').texts).toEqual(['-2', '-1', '0']);
    expect(parseParam('protocol.verifyDelay=4..4').texts).toEqual(['4']);
  });

  test('a comma list keeps its order and its words', () => {
    expect(parseParam('protocol.tieBreak=strict, client-id,loose').texts).toEqual(['strict', 'client-id', 'loose']);
    expect(parseParam('protocol.verifyDelay=4,1,2').texts).toEqual(['4', '1', '2']);
  });

  test('list indexes are segments of their own', () => {
    expect(parseParam('clients[1].start=0..2').segments).toEqual(['clients', 1, 'start']);
  });
});

describe('parseParam rejects bad flags with one line naming the flag', () => {
  test.each([
    ['store.listLag', 'expected <path>=<values>'],
    ['=1..2', 'expected a dotted path'],
    ['store..listLag=1', 'expected a dotted path'],
    ['name=x', 'expected a path under protocol, clients, store, faults, explore'],
    ['fuzz.listLag=1', 'expected a path under protocol'],
    ['store=1', 'expected a path to one field inside store'],
    ['store.listLag=3..1', 'expected a range a..b with a <= b'],
    ['store.listLag=1..x', 'expected a range a..b of integers, or a comma list'],
    ['store.listLag=1,,2', 'without empty items'],
    ['store.listLag=', 'without empty items'],
    ['protocol.tieBreak=strict,strict', '"strict" is given twice'],
    [`store.listLag=0..${sweepValuesMax}`, `expected at most ${sweepValuesMax} values`],
  ])('%s', (given, problem) => {
    const message = problemOf(given);
    expect(message).toContain(`--param ${given}: `);
    expect(message).toContain(problem);
    expect(message).not.toContain('\n');
  });
});
