// The violation in a few facts a reader can jump to: who holds what, the step
// at which each holder entered, and every list that missed a committed file
// (on a lagging store, the reads that make a lock protocol go wrong).

import { staleText, type TimelineRow } from './timelineRows.ts';
import type { TraceFile } from './traceFile.ts';

export type ViolationStory = {
  step: number;
  property: string;
  message: string;
  holders: {
    client: string;
    section: string;
    enteredStep: number | null;
    /** The step that sent the request whose reply let the holder enter (e.g. its put of EXCLUSIVE), and that request in a few words. */
    decidedStep: number | null;
    decidedText: string | null;
  }[];
  staleReads: { step: number; client: string; text: string }[];
};

/** The holder's step before `enteredStep` whose effect was the request answered just before it entered, or null. */
function decisionBefore(trace: TraceFile, client: string, enteredStep: number): number | null {
  const request = trace.steps[enteredStep]!.request;
  if (request === null) return null;
  const wanted = JSON.stringify(request);
  for (let index = enteredStep - 1; index >= 0; index -= 1) {
    const step = trace.steps[index]!;
    if (step.client === client && step.kind === 'step' && JSON.stringify(step.effect) === wanted) return index;
  }
  return null;
}

export function violationStory(trace: TraceFile, rows: readonly TimelineRow[]): ViolationStory {
  if (rows.length !== trace.steps.length) throw new Error('violationStory: rows are not of this trace');
  const { violation } = trace;
  const holders = violation.holders.map(({ client, section }) => {
    // The last entry into the section before the violation: a client may have entered and left earlier.
    let enteredStep: number | null = null;
    for (const row of rows) {
      if (row.index > violation.step) break;
      if (row.client === client && row.enters === section) enteredStep = row.index;
    }
    const decidedStep = enteredStep === null ? null : decisionBefore(trace, client, enteredStep);
    return { client, section, enteredStep, decidedStep, decidedText: decidedStep === null ? null : rows[decidedStep]!.text };
  });
  const staleReads = rows
    .filter((row) => row.index <= violation.step && row.stale.length > 0)
    .map((row) => ({ step: row.index, client: row.client ?? '?', text: staleText(row) }));
  return { step: violation.step, property: violation.property, message: violation.message, holders, staleReads };
}
