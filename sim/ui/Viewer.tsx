// The viewer: header, swimlane timeline, details of the current step,
// properties, status bar; or the help screen. It draws into the size it is
// given, and calls onQuit once when the user quits.

import { Box, useInput } from 'ink';
import { useEffect, useMemo, useReducer } from 'react';
import { timelineRows } from '../trace/timelineRows.ts';
import { timelineNaturalWidth } from './timelineLines.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { violationStory } from '../trace/violationStory.ts';
import { DetailPane } from './DetailPane.tsx';
import { Header } from './Header.tsx';
import { HelpScreen } from './HelpScreen.tsx';
import { PropertiesPane } from './PropertiesPane.tsx';
import { StatusBar } from './StatusBar.tsx';
import { StyledLineView } from './StyledLineView.tsx';
import { Timeline } from './Timeline.tsx';
import { viewerKeyReducer } from './viewerKeyReducer.ts';
import { viewerLayout } from './viewerLayout.ts';
import { initialViewerState, viewerModel } from './viewerReducer.ts';

export type ViewerProps = { trace: TraceFile; width: number; height: number; onQuit: () => void };

export function Viewer({ trace, width, height, onQuit }: ViewerProps) {
  const rows = useMemo(() => timelineRows(trace), [trace]);
  const story = useMemo(() => violationStory(trace, rows), [trace, rows]);
  const [state, dispatch] = useReducer(viewerKeyReducer, trace, (initial) => initialViewerState(viewerModel(initial)));
  const clientCount = trace.scenario.clients.length;
  const natural = useMemo(() => timelineNaturalWidth(rows, clientCount), [rows, clientCount]);
  const layout = viewerLayout(width, height, clientCount, natural);

  useInput((input, key) => dispatch({ input, key, pageRows: Math.max(1, layout.timelineRows - 1) }));
  useEffect(() => {
    if (state.quit) onQuit();
  }, [state.quit, onQuit]);

  const bodyHeight = Math.max(1, height - 2);
  const timeline = <Timeline rows={rows} state={state} width={layout.timelineWidth} height={layout.timelineRows} />;
  const details = <DetailPane trace={trace} step={state.cursor} width={layout.detailWidth} height={layout.detailHeight} roomy={layout.wide} />;
  const properties = (
    <PropertiesPane trace={trace} story={story} step={state.cursor} width={layout.detailWidth} height={layout.propertyHeight} />
  );
  let body;
  if (state.mode === 'help') {
    body = <HelpScreen width={width} height={bodyHeight} />;
  } else if (layout.wide) {
    body = (
      <Box flexDirection="row" height={bodyHeight}>
        {timeline}
        <Box width={1} />
        <Box flexDirection="column" width={layout.detailWidth}>
          {details}
          <StyledLineView line={[]} />
          {properties}
        </Box>
      </Box>
    );
  } else {
    body = (
      <Box flexDirection="column" height={bodyHeight}>
        {timeline}
        {details}
        {properties}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header trace={trace} filter={state.filter} width={width} />
      {body}
      <StatusBar state={state} width={width} />
    </Box>
  );
}
