import { expect, test } from 'vitest';
import { describeValue } from '../../../sim/scenario/describeValue.ts';

test('renders values short and on one line', () => {
  expect(describeValue(undefined)).toBe('nothing');
  expect(describeValue(null)).toBe('null');
  expect(describeValue('fast')).toBe('"fast"');
  expect(describeValue('a\nb')).toBe('"a\\nb"');
  expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}..."`);
  expect(describeValue(-0)).toBe('-0');
  expect(describeValue([3, 1])).toBe('[3, 1]');
  expect(describeValue([[1], { a: 1 }])).toBe('[a list of 1 item, a mapping]');
  expect(describeValue([1, 2, 3, 4, 5])).toBe('a list of 5 items');
  expect(describeValue({})).toBe('{}');
  expect(describeValue({ a: 1 })).toBe('a mapping');
  expect(describeValue(Symbol('s'))).toBe('a symbol');
});
