// The bottom line: the search being typed, or what the last key did, or the
// keys that matter most.

import { fitLine, type StyledLine } from './styledLine.ts';
import { StyledLineView } from './StyledLineView.tsx';
import type { ViewerState } from './viewerReducer.ts';

export function statusLine(state: ViewerState, width: number): StyledLine {
  if (state.mode === 'search') {
    const line: StyledLine = [{ text: '/', bold: true }, { text: state.query }, { text: '_', inverse: true }, { text: '  Enter: keep · Esc: cancel', dim: true }];
    if (state.message !== null) line.push({ text: `  ${state.message}`, color: 'yellow' });
    return fitLine(line, width);
  }
  const position = `step ${state.cursor}/${state.model.stepCount - 1}`;
  if (state.message !== null) return fitLine([{ text: `${position}  ` }, { text: state.message, color: 'yellow' }], width);
  return fitLine([{ text: `${position}  ` }, { text: '↑↓ step · v violation · n/p same client · f one client · / search · ? help · q quit', dim: true }], width);
}

export function StatusBar({ state, width }: { state: ViewerState; width: number }) {
  return <StyledLineView line={statusLine(state, width)} />;
}
