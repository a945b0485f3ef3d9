// A sweep as CSV, one line per cell in grid order: the value of each param as
// given on the command line (for a range field, its max), then the verdict
// and what the search found.

import { pathInFile } from '../scenario/filePaths.ts';
import { type SweepResult } from './sweepResult.ts';

function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Cells in grid order from `part.first` (a shard's part of the grid, whose
 * cells are `result.cells`), with the header line when `part.header`; the
 * shards' texts, concatenated in shard order, are the whole grid's. With
 * `file`, the CSV file it is written to, each trace path is relative to that
 * file's folder (as every path a written file holds); without, as given.
 */
export function sweepCsv(result: SweepResult, part: { first: number; header: boolean } = { first: 0, header: true }, file: string | null = null): string {
  const { rows, columns } = result.plan;
  const axes = rows === null ? [columns] : [rows, columns];
  const header = [...axes.map((axis) => axis.param.path), 'verdict', 'property', 'states', 'transitions', 'depth', 'steps', 'trace'];
  const lines = part.header ? [header.map(field).join(',')] : [];
  if (!(part.first >= 0 && part.first + result.cells.length <= result.plan.cells.length)) throw new Error(`sweepCsv: cells ${part.first}.. of ${result.plan.cells.length}`);
  result.cells.forEach((cell, indexInPart) => {
    const index = part.first + indexInPart;
    const row = Math.floor(index / columns.values.length);
    const column = index % columns.values.length;
    const given = rows === null ? [columns.param.texts[column]!] : [rows.param.texts[row]!, columns.param.texts[column]!];
    lines.push([...given, cell.verdict, cell.property, cell.states, cell.transitions, cell.depth, cell.steps, cell.trace === null || file === null ? cell.trace : pathInFile(file, cell.trace)].map(field).join(','));
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
