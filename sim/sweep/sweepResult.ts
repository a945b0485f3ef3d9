// A finished sweep: the plan and one verdict per cell, row by row. Table,
// chart, CSV and JSON are all drawn from this, and none of it holds a
// timing, so a serial and a parallel sweep give the same bytes.

import type { Explored } from '../explore/explore.ts';
import type { ExploreVerdict } from '../explore/exploreResult.ts';
import type { SweepPlan } from './sweepPlan.ts';

export type SweepCell = {
  verdict: ExploreVerdict;
  /** The property a violation broke. */
  property: string | null;
  /** The property's words on what broke, or why the search stopped short. */
  message: string | null;
  states: number;
  transitions: number;
  depth: number;
  /** Steps in the counterexample. */
  steps: number | null;
  /** Clients that never entered a critical section in what was explored: a `safe` says nothing about them. */
  neverReached: string[];
  /** Where the counterexample was written (only with --out). */
  trace: string | null;
};

export type SweepResult = { plan: SweepPlan; cells: SweepCell[] };

export function sweepCell(explored: Explored, trace: string | null): SweepCell {
  const { result } = explored;
  return {
    verdict: result.verdict,
    property: result.counterexample?.property ?? null,
    message: result.counterexample?.message ?? result.incompleteReason,
    states: result.stats.states,
    transitions: result.stats.transitions,
    depth: result.stats.depth,
    steps: result.counterexample?.steps ?? null,
    neverReached: Object.entries(result.reached).filter(([, reached]) => !reached).map(([id]) => id),
    trace,
  };
}

export function rowCount(result: SweepResult): number {
  return result.plan.rows?.values.length ?? 1;
}

export function columnCount(result: SweepResult): number {
  return result.plan.columns.values.length;
}

export function cellAt(result: SweepResult, row: number, column: number): SweepCell {
  const cell = result.cells[row * columnCount(result) + column];
  if (cell === undefined) throw new Error(`sweep: no cell at row ${row}, column ${column}`);
  return cell;
}

/**
 * Per row, the first column from which every cell to the right is safe:
 * where the row turns safe for good. null when its last cell is not safe.
 */
export function safeFrom(result: SweepResult): (number | null)[] {
  const rows = rowCount(result);
  const columns = columnCount(result);
  if (result.cells.length !== rows * columns) throw new Error(`sweep: ${result.cells.length} cells for ${rows} x ${columns}`);
  return Array.from({ length: rows }, (_row, row) => {
    let from: number | null = null;
    for (let column = columns - 1; column >= 0 && cellAt(result, row, column).verdict === 'safe'; column -= 1) from = column;
    return from;
  });
}

/** The boundary in words, one line per row: `store.listLag [0,3]: smallest safe protocol.verifyDelay = 4`. */
export function boundaryLines(result: SweepResult): string[] {
  const { rows, columns } = result.plan;
  const from = safeFrom(result);
  const first = columns.labels[0]!;
  const last = columns.labels[columns.labels.length - 1]!;
  return from.map((column, row) => {
    const prefix = rows === null ? '' : `${rows.param.path} ${rows.labels[row]}: `;
    if (column !== null) return `${prefix}smallest safe ${columns.param.path} = ${columns.labels[column]}`;
    const safeAt = columns.labels.filter((_label, index) => cellAt(result, row, index).verdict === 'safe');
    return safeAt.length === 0
      ? `${prefix}no safe ${columns.param.path} (swept ${first} to ${last})`
      : `${prefix}not safe at ${columns.param.path} = ${last}, the last value swept (safe at ${safeAt.join(', ')})`;
  });
}
