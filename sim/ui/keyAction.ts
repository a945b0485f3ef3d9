// Keys to viewer actions: the one place the key bindings live, so the help
// screen, the reducer's tests and the terminal agree.

import type { ViewerAction, ViewerMode } from './viewerReducer.ts';

/** The subset of ink's Key the viewer reads. */
export type KeyFlags = {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
};

/** The help screen's lines: key, then what it does. */
export const keyHelp: readonly (readonly [string, string])[] = [
  ['↑/↓  k/j', 'previous / next step'],
  ['PgUp/PgDn', 'a page up / down'],
  ['g/G  Home/End', 'first / last step'],
  ['v', 'jump to the violation'],
  ['n/p', 'next / previous step of the same client'],
  ['f', 'one client only: this step\'s; again: the next; then all'],
  ['/', 'search actions (Enter: keep, Esc: cancel; / Enter: next)'],
  ['?', 'this help (any key closes it)'],
  ['q', 'quit'],
];

function isPlainText(input: string, key: KeyFlags): boolean {
  return input !== '' && key.ctrl !== true && key.meta !== true && !/[\u0000-\u001f\u007f]/.test(input);
}

export function keyAction(mode: ViewerMode, input: string, key: KeyFlags, pageRows: number): ViewerAction | null {
  if (key.ctrl === true && input === 'c') return { type: 'quit' };
  if (mode === 'help') return input === 'q' ? { type: 'quit' } : { type: 'help' };
  if (mode === 'search') {
    if (key.escape === true) return { type: 'searchCancel' };
    if (key.return === true) return { type: 'searchSubmit' };
    if (key.backspace === true || key.delete === true) return { type: 'searchErase' };
    return isPlainText(input, key) ? { type: 'searchType', text: input } : null;
  }
  if (key.upArrow === true || input === 'k') return { type: 'step', delta: -1 };
  if (key.downArrow === true || input === 'j') return { type: 'step', delta: 1 };
  if (key.pageUp === true) return { type: 'page', delta: -1, rows: pageRows };
  if (key.pageDown === true || input === ' ') return { type: 'page', delta: 1, rows: pageRows };
  if (key.home === true || input === 'g') return { type: 'first' };
  if (key.end === true || input === 'G') return { type: 'last' };
  switch (input) {
    case 'v':
      return { type: 'violation' };
    case 'n':
      return { type: 'sameClient', delta: 1 };
    case 'p':
      return { type: 'sameClient', delta: -1 };
    case 'f':
      return { type: 'filter' };
    case '/':
      return { type: 'searchOpen' };
    case '?':
      return { type: 'help' };
    case 'q':
      return { type: 'quit' };
    default:
      return null;
  }
}
