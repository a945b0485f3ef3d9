// The violation in a few facts a reader can jump to: who holds what, the step
// at which each holder entered, and every list that missed a committed file
// (on a lagging store, the reads that make a lock protocol go wrong).

import { staleText, type TimelineRow } from './timelineRows.ts';
import type { TraceFile } from './traceFile.ts';

export type ViolationStory = {
  step: number;
  property: string;
  message: string;
  holders: { client: string; section: string; enteredStep: number | null }[];
  staleReads: { step: number; client: string; text: string }[];
};

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
    return { client, section, enteredStep };
  });
  const staleReads = rows
    .filter((row) => row.index <= violation.step && row.stale.length > 0)
    .map((row) => ({ step: row.index, client: row.client ?? '?', text: staleText(row) }));
  return { step: violation.step, property: violation.property, message: violation.message, holders, staleReads };
}
