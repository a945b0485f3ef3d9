// One line per scenario of the exhaustive benchmark, in fixed-width columns
// so that each row can be printed as soon as its scenario is done: a full
// run takes many minutes, and a table printed only at the end shows nothing
// until then.

import type { ChildOutcome } from './benchInChild.ts';
import type { BenchRecord } from './benchOne.ts';
import type { ReferenceOutcome } from './referenceFigures.ts';

export type ExhaustiveRow = {
  scenario: string;
  locksim: ChildOutcome;
  /** Null when the reference was not run for this scenario (not pending-lock, or skipped). */
  reference: ReferenceOutcome | null;
};

type Column = { title: string; width: number; left?: boolean };

const columns: Column[] = [
  { title: 'scenario', width: 40, left: true },
  { title: 'verdict', width: 20, left: true },
  { title: 'states', width: 11 },
  { title: 'transitions', width: 12 },
  { title: 'states/s', width: 9 },
  { title: 'B/state', width: 7 },
  { title: 'frontier B/st', width: 13 },
  { title: 'RSS MB', width: 7 },
  { title: 'workers', width: 7 },
  { title: 's', width: 7 },
  { title: 'ref states', width: 11 },
  { title: 'ref verdict', width: 20, left: true },
  { title: 'ref s', width: 7 },
  { title: 'ratio', width: 7 },
];

const count = (n: number): string => n.toLocaleString('en-US');

function line(cells: string[]): string {
  return cells
    .map((cell, i) => {
      const column = columns[i]!;
      return column.left === true ? cell.padEnd(column.width) : cell.padStart(column.width);
    })
    .join(' ')
    .trimEnd();
}

export function exhaustiveHeader(): string {
  return line(columns.map((column) => column.title));
}

function verdictText(verdict: string, steps: number | null): string {
  return steps === null ? verdict : `${verdict} (${steps} st)`;
}

/** Bytes per queued state of the widest frontier; per distinct state when the frontier's size is not reported. */
function frontierPerState(r: BenchRecord): string {
  if (r.frontierBytes === null) return '-';
  const per = r.frontierStates !== null && r.frontierStates > 0 ? r.frontierStates : r.states;
  return (r.frontierBytes / per).toFixed(1);
}

function locksimCells(outcome: ChildOutcome): string[] {
  if (outcome.kind === 'timeout') return [`timeout (${outcome.seconds} s)`, ...Array<string>(8).fill('-')];
  if (outcome.kind === 'crashed') {
    const how = outcome.exitCode !== null ? `exit ${outcome.exitCode}` : `signal ${outcome.signal ?? '?'}`;
    return [`crashed (${how})`, ...Array<string>(8).fill('-')];
  }
  const r = outcome.record;
  return [
    verdictText(r.verdict, r.counterexampleSteps),
    count(r.states),
    count(r.transitions),
    count(Math.round(r.states / Math.max(r.seconds, 1e-9))),
    (r.storedBytes / r.states).toFixed(1),
    frontierPerState(r),
    (r.maxRssKb / 1024).toFixed(0),
    String(r.workers ?? 1),
    r.seconds.toFixed(1),
  ];
}

/**
 * locksim states over reference states, only where both counts mean the
 * same thing: both searches covered the whole space (safe). A locksim search
 * stopped by maxStates gives a lower bound; a search stopped at a violation
 * gives nothing comparable, since the two stop at different points.
 */
function ratio(locksim: ChildOutcome, reference: ReferenceOutcome | null): string {
  if (locksim.kind !== 'ok' || reference === null || reference.kind !== 'ok' || reference.figures.verdict !== 'safe') return '-';
  const value = (locksim.record.states / reference.figures.states).toFixed(1);
  if (locksim.record.verdict === 'safe') return value;
  return locksim.record.verdict === 'incomplete' ? `> ${value}` : '-';
}

function referenceCells(reference: ReferenceOutcome | null): string[] {
  if (reference === null) return ['-', '-', '-'];
  if (reference.kind === 'timeout') return ['-', 'timeout', '-'];
  if (reference.kind === 'failed') return ['-', 'failed', '-'];
  const f = reference.figures;
  return [count(f.states), verdictText(f.verdict, f.counterexampleSteps), f.seconds.toFixed(1)];
}

export function formatExhaustiveRow(row: ExhaustiveRow): string {
  return line([row.scenario, ...locksimCells(row.locksim), ...referenceCells(row.reference), ratio(row.locksim, row.reference)]);
}

/** What a row could not say in its cells: why a child crashed, why the reference failed. */
export function exhaustiveRowNotes(row: ExhaustiveRow): string[] {
  const notes: string[] = [];
  if (row.locksim.kind === 'crashed' && row.locksim.reason !== '') notes.push(`${row.scenario}: locksim: ${row.locksim.reason}`);
  if (row.reference?.kind === 'failed') notes.push(`${row.scenario}: ref.py: ${row.reference.reason}`);
  return notes;
}
