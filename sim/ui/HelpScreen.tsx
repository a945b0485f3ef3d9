// The help screen: every key, and what the marks in the timeline mean, since
// colour alone never carries meaning.

import { keyHelp } from './keyAction.ts';
import { PaneLines } from './PaneLines.tsx';
import type { StyledLine } from './styledLine.ts';

export const markHelp: readonly (readonly [string, string])[] = [
  ['>', 'the current step'],
  ['✗', 'the violation: the step after which a property is broken'],
  ['!', 'a list that missed a committed file (the store lane says which)'],
  ['*', 'a match of the last search'],
  ['↻', 'where the loop of a lasso starts'],
  ['┃', 'the client is in a critical section (its name follows)'],
  ['NOT YET', 'in the details: committed, but not yet visible to that client'],
];

export function helpLines(): StyledLine[] {
  const keyWidth = Math.max(...keyHelp.map(([key]) => key.length)) + 2;
  return [
    [{ text: 'Keys', bold: true }],
    ...keyHelp.map(([key, what]): StyledLine => [{ text: `  ${key.padEnd(keyWidth)}`, bold: true }, { text: what }]),
    [],
    [{ text: 'Marks in the timeline', bold: true }],
    ...markHelp.map(([mark, what]): StyledLine => [{ text: `  ${mark.padEnd(keyWidth)}`, bold: true }, { text: what }]),
    [],
    [{ text: 'Lanes: each client (what it does next), then the store (commits, list results).', dim: true }],
  ];
}

export function HelpScreen({ width, height }: { width: number; height: number }) {
  return <PaneLines lines={helpLines()} width={width} height={height} />;
}
