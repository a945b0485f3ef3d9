// The properties pane: what each property says at the current step, and the
// violation in facts a reader can jump to (who holds what, where each holder
// entered, which lists missed files).

import type { TraceFile } from '../trace/traceFile.ts';
import type { ViolationStory } from '../trace/violationStory.ts';
import { fitLine, textWidth, wrapWords, type Segment, type StyledLine } from './styledLine.ts';

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

/**
 * Each property's verdict, packed onto as few lines as the width allows (a
 * verdict is never split), then the violation's paragraph in what is left of
 * `height` lines.
 */
export function propertyLines(trace: TraceFile, story: ViolationStory, stepIndex: number, width: number, height: number): StyledLine[] {
  const step = trace.steps[stepIndex];
  if (step === undefined) throw new Error(`propertyLines: no step ${stepIndex}`);
  const lines: StyledLine[] = [];
  let line: StyledLine = [{ text: `Properties at step ${stepIndex}:`, bold: true }];
  let used = textWidth(line[0]!.text);
  Object.entries(step.properties).forEach(([name, broken], index) => {
    // What broke is said once, in the violation's paragraph below.
    const verdict: Segment = broken === null ? { text: `${name} holds`, color: 'green' } : { text: `${name} VIOLATED`, color: 'red', bold: true };
    const separator = index === 0 ? ' ' : ' · ';
    if (used + textWidth(separator) + textWidth(verdict.text) > width && index > 0) {
      lines.push(fitLine(line, width));
      line = [{ text: '  ' }, verdict];
      used = 2 + textWidth(verdict.text);
      return;
    }
    line.push({ text: separator }, verdict);
    used += textWidth(separator) + textWidth(verdict.text);
  });
  lines.push(fitLine(line, width));
  const here = stepIndex === story.step;
  const prefix = here ? '✗ Violation here:' : `✗ Violation at step ${story.step} (v):`;
  // The violation and its story are one paragraph, so that a narrow pane wraps rather than cuts them.
  const paragraph = wrapWords(`${prefix} ${story.property}: ${story.message}. ${storyText(story)}`, width, Math.max(1, height - lines.length));
  paragraph.forEach((text, index) => {
    if (index === 0 && text.startsWith(prefix)) lines.push([{ text: prefix, color: 'red', bold: true }, { text: text.slice(prefix.length) }]);
    else lines.push([{ text }]);
  });
  return lines;
}
