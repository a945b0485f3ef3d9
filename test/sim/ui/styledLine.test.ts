import { describe, expect, test } from 'vitest';
import { clip, fit, fitLine, textWidth, wrapWords } from '../../../sim/ui/styledLine.ts';
import { scrollTop } from '../../../sim/ui/scrollWindow.ts';

describe('styledLine', () => {
  test('clip cuts with an ellipsis, fit pads to the width', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(fit('ab', 4)).toBe('ab  ');
    expect(textWidth(fit('→✗┃ab', 3))).toBe(3);
  });

  test('fitLine never exceeds the width, and pads when asked', () => {
    const line = fitLine([{ text: 'abc' }, { text: 'defgh', bold: true }], 6);
    expect(line.map((segment) => segment.text).join('')).toBe('abcde…');
    const padded = fitLine([{ text: 'ab', inverse: true }], 5, true);
    expect(padded.map((segment) => segment.text).join('')).toBe('ab   ');
    expect(padded.every((segment) => segment.inverse === true)).toBe(true);
  });

  test('wrapWords wraps at spaces and marks what it leaves out', () => {
    expect(wrapWords('one two three four', 9, 5)).toEqual(['one two', 'three', 'four']);
    const cut = wrapWords('one two three four', 9, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith('…')).toBe(true);
    for (const line of cut) expect(textWidth(line)).toBeLessThanOrEqual(9);
  });
});

describe('scrollTop', () => {
  test('keeps the window still while the cursor is away from its edges', () => {
    expect(scrollTop(0, 3, 30, 10)).toBe(0);
    expect(scrollTop(5, 10, 30, 10)).toBe(5);
  });

  test('moves just enough to keep a margin, and never past the ends', () => {
    expect(scrollTop(0, 8, 30, 10)).toBe(1);
    expect(scrollTop(10, 10, 30, 10)).toBe(8);
    expect(scrollTop(0, 29, 30, 10)).toBe(20);
    expect(scrollTop(25, 0, 30, 10)).toBe(0);
    expect(scrollTop(3, 2, 4, 10)).toBe(0);
  });

  test('the cursor is always inside the window', () => {
    for (let height = 1; height <= 6; height += 1) {
      for (let cursor = 0; cursor < 12; cursor += 1) {
        for (const previous of [0, 3, 11]) {
          const top = scrollTop(previous, cursor, 12, height);
          expect(cursor).toBeGreaterThanOrEqual(top);
          expect(cursor).toBeLessThan(top + height);
        }
      }
    }
  });
});
