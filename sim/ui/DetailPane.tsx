// The current step in full: see detailLines.

import type { TraceFile } from '../trace/traceFile.ts';
import { detailLines } from './detailLines.ts';
import { PaneLines } from './PaneLines.tsx';

export type DetailPaneProps = { trace: TraceFile; step: number; width: number; height: number; roomy: boolean };

export function DetailPane({ trace, step, width, height, roomy }: DetailPaneProps) {
  return <PaneLines lines={detailLines(trace, step, width, roomy)} width={width} height={height} />;
}
