import { describe, expect, test } from 'vitest';
import { keyAction, keyHelp } from '../../../sim/ui/keyAction.ts';
import { viewerKeyReducer } from '../../../sim/ui/viewerKeyReducer.ts';
import { initialViewerState, viewerModel } from '../../../sim/ui/viewerReducer.ts';
import { counterexample } from '../support/counterexamples.ts';

describe('keyAction', () => {
  test('the keys of the help screen', () => {
    expect(keyAction('browse', '', { downArrow: true }, 9)).toEqual({ type: 'step', delta: 1 });
    expect(keyAction('browse', 'j', {}, 9)).toEqual({ type: 'step', delta: 1 });
    expect(keyAction('browse', '', { upArrow: true }, 9)).toEqual({ type: 'step', delta: -1 });
    expect(keyAction('browse', 'k', {}, 9)).toEqual({ type: 'step', delta: -1 });
    expect(keyAction('browse', '', { pageDown: true }, 9)).toEqual({ type: 'page', delta: 1, rows: 9 });
    expect(keyAction('browse', '', { pageUp: true }, 9)).toEqual({ type: 'page', delta: -1, rows: 9 });
    expect(keyAction('browse', 'g', {}, 9)).toEqual({ type: 'first' });
    expect(keyAction('browse', 'G', {}, 9)).toEqual({ type: 'last' });
    expect(keyAction('browse', '', { home: true }, 9)).toEqual({ type: 'first' });
    expect(keyAction('browse', '', { end: true }, 9)).toEqual({ type: 'last' });
    expect(keyAction('browse', 'v', {}, 9)).toEqual({ type: 'violation' });
    expect(keyAction('browse', 'n', {}, 9)).toEqual({ type: 'sameClient', delta: 1 });
    expect(keyAction('browse', 'p', {}, 9)).toEqual({ type: 'sameClient', delta: -1 });
    expect(keyAction('browse', 'f', {}, 9)).toEqual({ type: 'filter' });
    expect(keyAction('browse', '/', {}, 9)).toEqual({ type: 'searchOpen' });
    expect(keyAction('browse', '?', {}, 9)).toEqual({ type: 'help' });
    expect(keyAction('browse', 'q', {}, 9)).toEqual({ type: 'quit' });
    expect(keyAction('browse', 'x', {}, 9)).toBeNull();
  });

  test('every key the help screen names is bound', () => {
    const named = keyHelp.map(([keys]) => keys).join(' ');
    for (const key of ['j', 'k', 'g', 'G', 'v', 'n', 'p', 'f', '/', '?', 'q', 'PgUp', 'PgDn', '↑', '↓']) expect(named).toContain(key);
  });

  test('in a search, keys are text, Enter keeps, Escape cancels, Backspace erases', () => {
    expect(keyAction('search', 'q', {}, 9)).toEqual({ type: 'searchType', text: 'q' });
    expect(keyAction('search', '', { return: true }, 9)).toEqual({ type: 'searchSubmit' });
    expect(keyAction('search', '', { escape: true }, 9)).toEqual({ type: 'searchCancel' });
    expect(keyAction('search', '', { backspace: true }, 9)).toEqual({ type: 'searchErase' });
    expect(keyAction('search', '\u0001', { ctrl: true }, 9)).toBeNull();
  });

  test('in help, q quits and any other key closes it; Ctrl-C always quits', () => {
    expect(keyAction('help', 'q', {}, 9)).toEqual({ type: 'quit' });
    expect(keyAction('help', 'x', {}, 9)).toEqual({ type: 'help' });
    expect(keyAction('search', 'c', { ctrl: true }, 9)).toEqual({ type: 'quit' });
    expect(keyAction('browse', 'c', { ctrl: true }, 9)).toEqual({ type: 'quit' });
  });
});

describe('viewerKeyReducer', () => {
  const model = viewerModel(counterexample('lag-skew'));

  test('keys that arrive in one chunk are each applied', () => {
    const state = viewerKeyReducer(initialViewerState(model), { input: 'jjj', key: {}, pageRows: 5 });
    expect(state.cursor).toBe(3);
  });

  test('a chunk typed in a search is text', () => {
    const searching = viewerKeyReducer(initialViewerState(model), { input: '/', key: {}, pageRows: 5 });
    const state = viewerKeyReducer(searching, { input: 'ENTER', key: {}, pageRows: 5 });
    expect(state.query).toBe('ENTER');
  });
});
