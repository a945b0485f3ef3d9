// Each property at the current step, and the violation: see propertyLines.

import type { TraceFile } from '../trace/traceFile.ts';
import type { ViolationStory } from '../trace/violationStory.ts';
import { propertyLines } from './propertyLines.ts';
import { PaneLines } from './PaneLines.tsx';

export type PropertiesPaneProps = { trace: TraceFile; story: ViolationStory; step: number; width: number; height: number };

export function PropertiesPane({ trace, story, step, width, height }: PropertiesPaneProps) {
  return <PaneLines lines={propertyLines(trace, story, step, width, height)} width={width} height={height} />;
}
