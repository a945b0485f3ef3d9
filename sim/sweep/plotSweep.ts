// A sweep as a chart in the terminal: one block per cell, the row param up
// the side (largest value on top, as on a chart's y axis), the column param
// along the bottom. Cells differ by character, never by colour alone.

import { sweepHeadline, sweepLegend } from './formatSweepTable.ts';
import { cellAt, columnCount, rowCount, type SweepResult } from './sweepResult.ts';

export const plotGlyphs = { safe: '█', violation: '░', incomplete: '?' } as const;

export function plotSweep(result: SweepResult): string {
  const { rows, columns } = result.plan;
  // Each cell is as wide as its axis label plus a space, and at least two characters, so blocks look square.
  const width = Math.max(2, ...columns.labels.map((label) => label.length + 1));
  const rowLabels = rows === null ? [''] : rows.labels;
  const side = Math.max(...rowLabels.map((label) => label.length), rows === null ? 0 : 1);
  const lines = [sweepHeadline(result), ''];
  if (rows !== null) lines.push(rows.param.path);
  for (let row = rowCount(result) - 1; row >= 0; row -= 1) {
    let line = `${rowLabels[row]!.padStart(side)} │`;
    for (let column = 0; column < columnCount(result); column += 1) line += plotGlyphs[cellAt(result, row, column).verdict].repeat(width);
    lines.push(line);
  }
  lines.push(`${' '.repeat(side)} └${'─'.repeat(width * columnCount(result))}`);
  lines.push(`${' '.repeat(side)}  ${columns.labels.map((label) => label.padEnd(width)).join('')}`.trimEnd());
  lines.push(`${' '.repeat(side)}  ${columns.param.path}`);
  lines.push('');
  lines.push(
    ...sweepLegend(result, { safe: `${plotGlyphs.safe} safe`, violation: `${plotGlyphs.violation} violation`, incomplete: `${plotGlyphs.incomplete} incomplete` }, ''),
  );
  return lines.join('\n');
}
