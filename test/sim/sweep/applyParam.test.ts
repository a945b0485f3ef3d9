import { describe, expect, test } from 'vitest';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { applyParam, isRangePath, paramValue, valueAt } from '../../../sim/sweep/applyParam.ts';
import { parseParam } from '../../../sim/sweep/parseParam.ts';
import { lagBase } from './sweepBase.ts';

describe('range fields: a value N sets the max and keeps the min', () => {
  test.each([
    [['store', 'latency'], true],
    [['store', 'listLag'], true],
    [['store', 'clockSkew'], true],
    [['faults', 'pause'], true],
    [['clients', 1, 'start'], true],
    [['store', 'timestampResolution'], false],
    [['protocol', 'verifyDelay'], false],
    [['clients', 1, 'writes'], false],
  ] as const)('%j is a range: %s', (segments, range) => {
    expect(isRangePath(segments)).toBe(range);
  });

  test('listLag=3 on a base with listLag 0 is [0, 3]; latency=3 on [1, 1] is [1, 3]', () => {
    const base = lagBase();
    expect(paramValue(base, parseParam('store.listLag=3'), '3')).toEqual([0, 3]);
    expect(paramValue(base, parseParam('store.latency=3'), '3')).toEqual([1, 3]);
  });

  test('a range value must be an integer', () => {
    expect(() => paramValue(lagBase(), parseParam('store.listLag=x'), 'x')).toThrow(/store.listLag is a range \[min, max\] and a value sets its max; expected an integer; got "x"/);
  });
});

describe('other fields take the value typed after the field', () => {
  test('numbers stay numbers, words stay words, booleans become booleans', () => {
    const base = lagBase();
    expect(paramValue(base, parseParam('protocol.pollInterval=3'), '3')).toBe(3);
    expect(paramValue(base, parseParam('protocol.tieBreak=strict'), 'strict')).toBe('strict');
    expect(paramValue(base, parseParam('store.createIfAbsent=true'), 'true')).toBe(true);
    // A seed is a string in a normalized scenario: the digits stay a string.
    expect(paramValue(base, parseParam('explore.seed=7'), '7')).toBe('7');
  });

  test('a field the base leaves out is read as YAML would read it', () => {
    const base = lagBase();
    expect(paramValue(base, parseParam('explore.pctDepth=3'), '3')).toBe(3);
    expect(paramValue(base, parseParam('explore.scheduler=pct'), 'pct')).toBe('pct');
  });

  test('a path to a mapping or a list is not a single value', () => {
    expect(() => paramValue(lagBase(), parseParam('protocol.x=1'), '1')).not.toThrow();
    expect(() => paramValue(lagBase(), parseParam('clients[0]=1'), '1')).toThrow(/clients\[0\] is a mapping; expected a path to a single value/);
  });
});

describe('paths that lead nowhere are bad input', () => {
  test.each([
    ['clients[2].start=1', 'clients has 2 entries; expected an index from 0 to 1'],
    ['clients.start=1', 'clients is a list; expected an index, e.g. clients[0].start'],
    ['store[0].listLag=1', 'store is not a list'],
    ['store.listLag.max=1', 'store.listLag is a range [min, max]; expected store.listLag itself'],
    ['faults.pauses.count=1', 'faults.pauses is a single value; expected nothing after it, not .count'],
    ['protocol.retry.count=1', 'unknown field protocol.retry: the scenario has no such field'],
  ])('%s', (given, problem) => {
    const param = parseParam(given);
    expect(() => paramValue(lagBase(), param, param.texts[0]!)).toThrow(InputError);
    expect(() => paramValue(lagBase(), param, param.texts[0]!)).toThrow(problem);
  });
});

describe('applyParam', () => {
  test('sets the field in place and shares no array with the value', () => {
    const scenario = structuredClone(lagBase()) as unknown as Record<string, unknown>;
    const param = parseParam('store.listLag=4');
    const value = paramValue(lagBase(), param, '4') as number[];
    applyParam(scenario, param, value);
    expect(valueAt(scenario, param.segments)).toEqual([0, 4]);
    expect(valueAt(scenario, param.segments)).not.toBe(value);
  });
});
