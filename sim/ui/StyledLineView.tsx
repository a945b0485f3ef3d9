// Draws one styled line; the line is already cut to its width.

import { Text } from 'ink';
import { colorEnabled } from './colorEnabled.ts';
import type { StyledLine } from './styledLine.ts';

export function StyledLineView({ line }: { line: StyledLine }) {
  const colored = colorEnabled();
  return (
    <Text wrap="truncate-end">
      {line.length === 0 ? ' ' : line.map((segment, index) => (
        <Text key={index} color={colored ? segment.color : undefined} bold={segment.bold} inverse={segment.inverse} dimColor={segment.dim} underline={segment.underline}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}
