// The swimlane timeline, scrolled so the current step stays in view.

import { Box } from 'ink';
import { useMemo, useRef } from 'react';
import { storeLane, type TimelineRow } from '../trace/timelineRows.ts';
import { scrollTop } from './scrollWindow.ts';
import { clientCellWidth, laneLayout, timelineHeaderLine, timelineRowLine } from './timelineLines.ts';
import { StyledLineView } from './StyledLineView.tsx';
import { PaneLines } from './PaneLines.tsx';
import { matchesQuery, shownSteps, type ViewerState } from './viewerReducer.ts';

export type TimelineProps = { rows: readonly TimelineRow[]; state: ViewerState; width: number; height: number };

export function Timeline({ rows, state, width, height }: TimelineProps) {
  const top = useRef(0);
  const { model, filter, cursor, lastQuery } = state;
  const lanes = filter === null ? [...model.clients, storeLane] : [filter, storeLane];
  const clientNeed = useMemo(() => clientCellWidth(rows), [rows]);
  const layout = laneLayout(lanes, width, clientNeed);
  const shown = shownSteps(model, filter);
  const cursorRow = shown.indexOf(cursor);
  top.current = scrollTop(top.current, cursorRow, shown.length, height);
  const lines = shown.slice(top.current, top.current + height).map((step) =>
    timelineRowLine(rows[step]!, layout, { current: step === cursor, match: lastQuery !== null && matchesQuery(model, step, lastQuery) }, width),
  );
  return (
    <Box flexDirection="column" width={width}>
      <StyledLineView line={timelineHeaderLine(layout, width)} />
      <PaneLines lines={lines} width={width} height={height} />
    </Box>
  );
}
