// A sweep as CSV, one line per cell in grid order: the value of each param as
// given on the command line (for a range field, its max), then the verdict
// and what the search found.

import { type SweepResult } from './sweepResult.ts';

function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(result: SweepResult): string {
  const { rows, columns } = result.plan;
  const axes = rows === null ? [columns] : [rows, columns];
  const header = [...axes.map((axis) => axis.param.path), 'verdict', 'property', 'states', 'transitions', 'depth', 'steps', 'trace'];
  const lines = [header.map(field).join(',')];
  result.cells.forEach((cell, index) => {
    const row = Math.floor(index / columns.values.length);
    const column = index % columns.values.length;
    const given = rows === null ? [columns.param.texts[column]!] : [rows.param.texts[row]!, columns.param.texts[column]!];
    lines.push([...given, cell.verdict, cell.property, cell.states, cell.transitions, cell.depth, cell.steps, cell.trace].map(field).join(','));
  });
  return `${lines.join('\n')}\n`;
}
