// Keys straight into the reducer: the key is read against the state the
// reducer holds, not the one the last render saw, so keys typed faster than
// the screen redraws (a paste, a test writing to stdin) all land.

import { keyAction, type KeyFlags } from './keyAction.ts';
import { viewerReducer, type ViewerState } from './viewerReducer.ts';

export type KeyEvent = { input: string; key: KeyFlags; pageRows: number };

function apply(state: ViewerState, event: KeyEvent): ViewerState {
  const action = keyAction(state.mode, event.input, event.key, event.pageRows);
  return action === null ? state : viewerReducer(state, action);
}

/** Whether an input is several plain keys at once: a terminal sends keys typed fast, or held down, in one chunk. */
function isKeyRun(event: KeyEvent): boolean {
  const { key } = event;
  return Array.from(event.input).length > 1 && key.ctrl !== true && key.meta !== true && key.escape !== true && key.return !== true && !/[\u0000-\u001f\u007f]/.test(event.input);
}

export function viewerKeyReducer(state: ViewerState, event: KeyEvent): ViewerState {
  // In a search the chunk is text to type; elsewhere each character is a key.
  if (state.mode === 'search' || !isKeyRun(event)) return apply(state, event);
  let next = state;
  for (const input of Array.from(event.input)) next = apply(next, { ...event, input });
  return next;
}
