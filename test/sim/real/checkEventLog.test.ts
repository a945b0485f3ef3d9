import { expect, test } from 'vitest';
import { exclusiveExcludesSync, mutualExclusion } from '../../../model/properties.ts';
import { checkEventLog } from '../../../sim/real/checkEventLog.ts';
import type { SectionEvent } from '../../../sim/real/checkEventLog.ts';

const at = (n: number) => String(n);
const event = (client: string, kind: 'enter' | 'exit', section: string, n: number): SectionEvent => ({ client, section, kind, atNs: at(n), round: 1 });

test('overlapping EXCLUSIVE intervals are one violation; back-to-back ones are none', () => {
  const overlap = [event('A', 'enter', 'exclusive', 1), event('B', 'enter', 'exclusive', 2), event('A', 'exit', 'exclusive', 3), event('B', 'exit', 'exclusive', 4)];
  expect(checkEventLog(['A', 'B'], overlap, [mutualExclusion])).toStrictEqual([{ property: 'mutualExclusion', message: 'A and B hold EXCLUSIVE at once', round: 1, atNs: '2' }]);
  const sequential = [event('A', 'enter', 'exclusive', 1), event('A', 'exit', 'exclusive', 2), event('B', 'enter', 'exclusive', 3), event('B', 'exit', 'exclusive', 4)];
  expect(checkEventLog(['A', 'B'], sequential, [mutualExclusion])).toStrictEqual([]);
});

test('a syncer inside an EXCLUSIVE holder breaks exclusiveExcludesSync, reported again only after it held', () => {
  const log = [
    event('U', 'enter', 'exclusive', 1),
    event('S', 'enter', 'sync', 2),
    event('S', 'exit', 'sync', 3),
    event('S', 'enter', 'sync', 4),
    event('U', 'exit', 'exclusive', 5),
  ];
  const found = checkEventLog(['U', 'S'], log, [exclusiveExcludesSync]);
  expect(found.map((violation) => violation.atNs)).toStrictEqual(['2', '4']);
  expect(() => checkEventLog(['U'], log, [exclusiveExcludesSync])).toThrow(/unknown client S/);
});
