// The swimlane timeline as lines: a gutter (cursor and mark), the step and
// its tick, then one cell per lane. Marks say in text what colour also says:
// > current, ✗ violation, ↻ loop start, ! a list that missed files, * search match.

import { staleText, storeLane, type TimelineRow } from '../trace/timelineRows.ts';
import { fit, fitLine, textWidth, type Segment, type StyledLine } from './styledLine.ts';

/** Columns before the first lane: cursor, mark, space, step (3), space, tick (4). */
export const timelinePrefixWidth = 11;

export type LaneLayout = { lanes: string[]; widths: number[] };

/** Widest client cell the trace needs: a bar and the longest event or section name. */
export function clientCellWidth(rows: readonly TimelineRow[]): number {
  let widest = 0;
  for (const row of rows) {
    if (row.lane !== storeLane) widest = Math.max(widest, textWidth(row.text));
    for (const section of Object.values(row.sections)) if (section !== null) widest = Math.max(widest, textWidth(section));
  }
  return widest + 1;
}

/** Widest store cell the trace needs, up to a bound: lists can return many files. */
export function storeCellWidth(rows: readonly TimelineRow[]): number {
  let widest = 0;
  for (const row of rows) {
    if (row.lane === storeLane) widest = Math.max(widest, textWidth(storeCellText(row)));
  }
  return Math.min(widest, 64);
}

/** The width at which no cell of the trace is cut (store cells up to a bound). */
export function timelineNaturalWidth(rows: readonly TimelineRow[], clientCount: number): number {
  return timelinePrefixWidth + (1 + clientCellWidth(rows)) * clientCount + 1 + storeCellWidth(rows);
}

/**
 * Lane widths for a total width. Client lanes get what their events need (up
 * to a share), and the store lane, whose cells carry list results, the rest.
 */
export function laneLayout(lanes: readonly string[], width: number, clientNeed: number): LaneLayout {
  if (!(lanes.length >= 2 && lanes.at(-1) === storeLane)) throw new Error('laneLayout: clients first, the store last');
  const clients = lanes.length - 1;
  const available = Math.max(0, width - timelinePrefixWidth - lanes.length);
  const storeMin = Math.min(48, Math.max(12, Math.round(available * (clients <= 2 ? 0.4 : 0.3))));
  const clientWidth = Math.max(6, Math.min(clientNeed, 28, Math.floor((available - storeMin) / clients)));
  const storeWidth = Math.max(12, available - clientWidth * clients);
  return { lanes: [...lanes], widths: [...Array.from({ length: clients }, () => clientWidth), storeWidth] };
}

export function timelineHeaderLine(layout: LaneLayout, width: number): StyledLine {
  const line: StyledLine = [{ text: fit('  step tick', timelinePrefixWidth), bold: true }];
  layout.lanes.forEach((lane, index) => {
    line.push({ text: '│', dim: true }, { text: fit(lane === storeLane ? 'store' : lane, layout.widths[index]!), bold: true });
  });
  return fitLine(line, width);
}

export type RowMarks = { current: boolean; match: boolean };

function markOf(row: TimelineRow, marks: RowMarks): string {
  if (row.violation) return '✗';
  if (row.loopStart) return '↻';
  if (row.stale.length > 0) return '!';
  if (marks.match) return '*';
  return ' ';
}

function clientCell(row: TimelineRow, lane: string, width: number): Segment {
  const section = row.sections[lane] ?? null;
  const bar = section === null ? ' ' : '┃';
  if (row.lane === lane) {
    const entering = row.enters !== null;
    return { text: fit(`${bar}${row.text}`, width), ...(entering || row.leaves !== null ? { color: 'green' as const, bold: entering } : {}) };
  }
  if (section === null) return { text: fit('', width) };
  return { text: fit(`┃${section}`, width), color: section === 'exclusive' ? 'magenta' : 'cyan', dim: true };
}

function storeCellText(row: TimelineRow): string {
  return row.stale.length === 0 ? ` ${row.text}` : ` ${row.text} ! ${staleText(row)}`;
}

function storeCell(row: TimelineRow, width: number): Segment {
  if (row.lane !== storeLane) return { text: fit('', width) };
  return { text: fit(storeCellText(row), width), ...(row.stale.length > 0 ? { color: 'yellow' as const } : {}) };
}

export function timelineRowLine(row: TimelineRow, layout: LaneLayout, marks: RowMarks, width: number): StyledLine {
  const prefix = `${marks.current ? '>' : ' '}${markOf(row, marks)} ${String(row.index).padStart(3)} ${fit(`t${row.tick}`, 4)}`;
  const line: StyledLine = [{ text: prefix, ...(row.violation ? { color: 'red' as const, bold: true } : {}) }];
  layout.lanes.forEach((lane, index) => {
    const cellWidth = layout.widths[index]!;
    line.push({ text: '│', dim: true }, lane === storeLane ? storeCell(row, cellWidth) : clientCell(row, lane, cellWidth));
  });
  if (!marks.current) return fitLine(line, width, true);
  // The current row is one inverse bar; the violation keeps its colour inside it.
  return fitLine(line.map((segment) => ({ ...segment, inverse: true, dim: false })), width, true);
}
