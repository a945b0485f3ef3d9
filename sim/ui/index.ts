// The terminal viewer's public surface. runViewer loads ink and react; import
// it lazily where start-up time matters (see sim/cli/viewCommand.ts).

export type { ViewerAction, ViewerMode, ViewerModel, ViewerState } from './viewerReducer.ts';
export type { KeyFlags } from './keyAction.ts';
export type { ViewerTerminal } from './viewerTerminal.ts';

export { initialViewerState, viewerModel, viewerReducer } from './viewerReducer.ts';
export { keyAction, keyHelp } from './keyAction.ts';
export { viewerKeyReducer } from './viewerKeyReducer.ts';
export { isInteractive, processTerminal } from './viewerTerminal.ts';
