// The verdict table of a sweep: the row param down the side, the column
// param across, one word per cell, and `|` before the cell from which each
// row is safe for good. Plain text, no colour, no timings.

import { collisionChance } from '../engine/fingerprintSet.ts';
import { boundaryLines, columnCount, rowCount, safeFrom, type SweepCell, type SweepResult } from './sweepResult.ts';
import { thousands } from '../cli/thousands.ts';

export const cellWords = { safe: 'safe', violation: 'VIOL', incomplete: 'incompl' } as const;

function cellWord(cell: SweepCell): string {
  // A safe cell where some client never entered its section proves nothing about that client.
  return cell.verdict === 'safe' && cell.neverReached.length > 0 ? `${cellWords.safe}*` : cellWords[cell.verdict];
}

function count(value: number): string {
  return thousands(value);
}

export function sweepHeadline(result: SweepResult): string {
  const { plan } = result;
  const tally = (verdict: SweepCell['verdict']) => result.cells.filter((cell) => cell.verdict === verdict).length;
  const shape = plan.rows === null ? `${columnCount(result)} cells` : `${rowCount(result)} x ${columnCount(result)} cells`;
  return `${plan.file}: ${plan.base.name}: ${shape}: ${tally('safe')} safe, ${tally('violation')} violation, ${tally('incomplete')} incomplete`;
}

/** The legend under a table or chart: what each word means, which properties broke, and the boundary. */
export function sweepLegend(result: SweepResult, words: { safe: string; violation: string; incomplete: string }, marked: string): string[] {
  const broken = new Map<string, number>();
  for (const cell of result.cells) if (cell.property !== null) broken.set(cell.property, (broken.get(cell.property) ?? 0) + 1);
  const brokenText = [...broken].map(([property, cells]) => `${property} in ${cells} ${cells === 1 ? 'cell' : 'cells'}`).join(', ');
  const safeStates = result.cells.filter((cell) => cell.verdict === 'safe').map((cell) => cell.states);
  const lines = [`${words.safe} = every reachable state explored and ${result.plan.base.properties.join(', ')} held`];
  if (safeStates.length > 0) {
    // States are stored as 64-bit fingerprints, as in check: say what that risks, for the largest safe cell.
    lines.push(`  (the chance that a fingerprint collision hid a state is at most ${collisionChance(Math.max(...safeStates)).toExponential(1)} in any safe cell)`);
  }
  lines.push(
    `${words.violation} = a property broke${brokenText === '' ? '' : ` (${brokenText})`}`,
    `${words.incomplete} = a bound (maxStates, maxDepth) stopped the search, or random mode found nothing`,
  );
  const unreached = result.cells.filter((cell) => cell.verdict === 'safe' && cell.neverReached.length > 0).length;
  if (unreached > 0) {
    lines.push(`note: in ${unreached} safe ${unreached === 1 ? 'cell' : 'cells'} (safe* in the table) some client never entered its critical section, and the verdict says nothing about it`);
  }
  lines.push(`boundary${marked}: the first ${result.plan.columns.param.path} from which every cell to its right is safe`);
  return [...lines, ...boundaryLines(result).map((line) => `  ${line}`)];
}

export function formatSweepTable(result: SweepResult): string {
  const { rows, columns } = result.plan;
  const words = result.cells.map(cellWord);
  const width = Math.max(...columns.labels.map((label) => label.length), ...words.map((word) => word.length));
  const sideTitle = rows === null ? '' : rows.param.path;
  const side = Math.max(sideTitle.length, ...(rows === null ? ['verdict'] : rows.labels).map((label) => label.length));
  const from = safeFrom(result);
  const lines = [sweepHeadline(result), ''];
  lines.push(`${' '.repeat(side)}   ${columns.param.path}`);
  lines.push(`${sideTitle.padEnd(side)}${columns.labels.map((label) => `   ${label.padEnd(width)}`).join('')}`.trimEnd());
  for (let row = 0; row < rowCount(result); row += 1) {
    const label = rows === null ? 'verdict' : rows.labels[row]!;
    let line = label.padStart(side);
    for (let column = 0; column < columnCount(result); column += 1) {
      const gap = from[row] === column ? ' | ' : '   ';
      line += `${gap}${words[row * columnCount(result) + column]!.padEnd(width)}`;
    }
    lines.push(line.trimEnd());
  }
  lines.push('');
  lines.push(...sweepLegend(result, { safe: cellWords.safe, violation: cellWords.violation, incomplete: cellWords.incomplete }, ' (| in the table)'));
  return lines.join('\n');
}
