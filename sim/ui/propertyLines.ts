// The properties pane: what each property says at the current step, and the
// violation in facts a reader can jump to (who holds what, where each holder
// entered, which lists missed files).

import type { TraceFile } from '../trace/traceFile.ts';
import type { ViolationStory } from '../trace/violationStory.ts';
import { fitLine, wrapWords, type StyledLine } from './styledLine.ts';

export function storyText(story: ViolationStory): string {
  const holders = story.holders
    .map((holder) => {
      if (holder.enteredStep === null) return `${holder.client} holds ${holder.section}`;
      const decided = holder.decidedStep === null ? '' : `step ${holder.decidedStep} ${holder.decidedText}, `;
      return `${holder.client}: ${decided}step ${holder.enteredStep} enters ${holder.section}`;
    })
    .join('; ');
  const stale = story.staleReads.length === 0 ? '' : `; lists that missed files: ${story.staleReads.map((read) => `step ${read.step} ${read.client} ${read.text}`).join(', ')}`;
  return `${holders}${stale}.`;
}

export function propertyLines(trace: TraceFile, story: ViolationStory, stepIndex: number, width: number, storyLinesMax: number): StyledLine[] {
  const step = trace.steps[stepIndex];
  if (step === undefined) throw new Error(`propertyLines: no step ${stepIndex}`);
  const line: StyledLine = [{ text: `Properties at step ${stepIndex}: `, bold: true }];
  Object.entries(step.properties).forEach(([name, broken], index) => {
    if (index > 0) line.push({ text: ' · ' });
    // What broke is said once, in the violation's paragraph below.
    line.push(broken === null ? { text: `${name} holds`, color: 'green' } : { text: `${name} VIOLATED`, color: 'red', bold: true });
  });
  const here = stepIndex === story.step;
  const prefix = here ? '✗ Violation here:' : `✗ Violation at step ${story.step} (v):`;
  // The violation and its story are one paragraph, so that a narrow pane wraps rather than cuts them.
  const paragraph = wrapWords(`${prefix} ${story.property}: ${story.message}. ${storyText(story)}`, width, storyLinesMax + 1);
  const lines: StyledLine[] = [fitLine(line, width)];
  paragraph.forEach((text, index) => {
    if (index === 0 && text.startsWith(prefix)) lines.push([{ text: prefix, color: 'red', bold: true }, { text: text.slice(prefix.length) }]);
    else lines.push([{ text }]);
  });
  return lines;
}
