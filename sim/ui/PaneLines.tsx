// A pane of exactly `height` lines, each cut to `width`: panes never push
// each other around, whatever their content.

import { Box } from 'ink';
import { fitLine, type StyledLine } from './styledLine.ts';
import { StyledLineView } from './StyledLineView.tsx';

export function PaneLines({ lines, width, height }: { lines: readonly StyledLine[]; width: number; height: number }) {
  const shown = lines.slice(0, height);
  if (lines.length > height && height > 0) shown[height - 1] = fitLine([{ text: '… (a taller terminal shows more)', dim: true }], width);
  while (shown.length < height) shown.push([]);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {shown.map((line, index) => (
        <StyledLineView key={index} line={fitLine(line, width)} />
      ))}
    </Box>
  );
}
