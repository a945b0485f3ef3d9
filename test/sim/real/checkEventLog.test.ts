import { expect, test } from 'vitest';
import { exclusiveExcludesSync, mutualExclusion } from '../../../model/properties.ts';
import { checkEventLog } from '../../../sim/real/checkEventLog.ts';
import type { SectionEvent } from '../../../sim/real/checkEventLog.ts';

const event = (client: string, kind: 'enter' | 'exit', section: string, atMs: number, round = 1): SectionEvent => ({ client, section, kind, atMs, round });

test('overlapping EXCLUSIVE intervals are one violation, with both intervals; back-to-back ones are none', () => {
  const overlap = [event('A', 'enter', 'exclusive', 1), event('B', 'enter', 'exclusive', 2), event('A', 'exit', 'exclusive', 3), event('B', 'exit', 'exclusive', 4)];
  expect(checkEventLog(['A', 'B'], overlap, [mutualExclusion])).toStrictEqual({
    violations: [
      {
        property: 'mutualExclusion',
        message: 'A and B hold EXCLUSIVE at once',
        round: 1,
        atMs: 2,
        holders: [
          { client: 'A', section: 'exclusive', enterMs: 1, exitMs: 3 },
          { client: 'B', section: 'exclusive', enterMs: 2, exitMs: 4 },
        ],
      },
    ],
    problems: [],
  });
  const sequential = [event('A', 'enter', 'exclusive', 1), event('A', 'exit', 'exclusive', 2), event('B', 'enter', 'exclusive', 2), event('B', 'exit', 'exclusive', 4)];
  expect(checkEventLog(['A', 'B'], sequential, [mutualExclusion])).toStrictEqual({ violations: [], problems: [] });
});

test('a syncer inside an EXCLUSIVE holder breaks exclusiveExcludesSync, reported again only after it held', () => {
  const log = [
    event('U', 'enter', 'exclusive', 1),
    event('S', 'enter', 'sync', 2),
    event('S', 'exit', 'sync', 3),
    event('S', 'enter', 'sync', 4),
    event('U', 'exit', 'exclusive', 5),
  ];
  const found = checkEventLog(['U', 'S'], log, [exclusiveExcludesSync]).violations;
  expect(found.map((violation) => violation.atMs)).toStrictEqual([2, 4]);
  // The second overlap names the syncer's second interval, not its first.
  expect(found[1]!.holders).toStrictEqual([
    { client: 'U', section: 'exclusive', enterMs: 1, exitMs: 5 },
    { client: 'S', section: 'sync', enterMs: 4, exitMs: null },
  ]);
  // Two syncers at once break neither property.
  expect(checkEventLog(['U', 'S'], log, [mutualExclusion]).violations).toStrictEqual([]);
  expect(() => checkEventLog(['U'], log, [exclusiveExcludesSync])).toThrow(/unknown client S/);
});

test('a new round starts with nobody in a section: a holder that never exited does not overlap the next round', () => {
  const log = [event('A', 'enter', 'exclusive', 1, 1), event('B', 'enter', 'exclusive', 5, 2), event('B', 'exit', 'exclusive', 6, 2)];
  expect(checkEventLog(['A', 'B'], log, [mutualExclusion])).toStrictEqual({ violations: [], problems: [] });
});

test('markers out of order are problems named by round and client; times that go backwards are a bug of the logger', () => {
  const log = [event('A', 'exit', 'exclusive', 1), event('A', 'enter', 'sync', 2), event('A', 'enter', 'exclusive', 3)];
  expect(checkEventLog(['A'], log, [mutualExclusion]).problems).toStrictEqual([
    'round 1: A exited exclusive, which it did not hold',
    'round 1: A entered exclusive while it held sync',
  ]);
  expect(() => checkEventLog(['A'], [event('A', 'enter', 'exclusive', 2), event('A', 'exit', 'exclusive', 1)], [mutualExclusion])).toThrow(/times go backwards/);
});
