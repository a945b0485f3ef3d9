// `locksim sweep <scenario> --param <path>=<values> [--param ...]`: explore
// the scenario once per cell of a grid of one or two params, exactly as
// `check` would explore each, and print the verdicts as a table (or JSON, or
// a chart), with the boundary where each row turns safe. Every cell is
// validated before any runs. Exit 0 when the sweep ran, whatever the
// verdicts; 2 for bad input. Elapsed time goes to stderr only, so stdout is
// the same for a serial and a parallel sweep.

import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '../scenario/inputError.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import { formatSweepTable } from '../sweep/formatSweepTable.ts';
import { parseParam } from '../sweep/parseParam.ts';
import { plotSweep } from '../sweep/plotSweep.ts';
import { sweepCsv } from '../sweep/sweepCsv.ts';
import { sweepGrid, sweepJobsMax } from '../sweep/sweepGrid.ts';
import { sweepJson } from '../sweep/sweepJson.ts';
import { sweepPlan, type SweepPlan } from '../sweep/sweepPlan.ts';
import { sweepCell, type SweepResult } from '../sweep/sweepResult.ts';
import { traceFileText } from '../trace/traceText.ts';
import type { Io } from './main.ts';
import { parseCount } from './parseDuration.ts';
import { shardRange, type Shard } from './shard.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type SweepCommandOptions = {
  param: string[];
  jobs?: string | undefined;
  json: boolean;
  csv?: string | undefined;
  plot: boolean;
  /** Where each violating cell's trace is written; no traces without it. */
  out?: string | undefined;
  /** No progress line and no elapsed time on stderr. */
  quiet?: boolean | undefined;
  /** `--shard i/n`: explore only this shard's cells (in grid order) and print them as CSV lines, the header in shard 1 only. */
  shard?: Shard | null | undefined;
};

export { sweepHelp } from './sweepHelp.ts';

function fileWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Where a violating cell's trace goes: `<out>/<scenario>.listLag-3.verifyDelay-2.trace.json`. */
export function cellTracePath(out: string, plan: SweepPlan, cellIndex: number): string {
  const { rows, columns } = plan;
  const columnCount = columns.values.length;
  const parts = [`${columns.fileName}-${fileWord(columns.param.texts[cellIndex % columnCount]!)}`];
  if (rows !== null) parts.unshift(`${rows.fileName}-${fileWord(rows.param.texts[Math.floor(cellIndex / columnCount)]!)}`);
  const stem = basename(plan.file).replace(/\.(ya?ml|json)$/i, '');
  return join(out, `${stem === '' ? 'scenario' : stem}.${parts.join('.')}.trace.json`);
}

/** Progress on stderr while cells run, only when stderr is a terminal, as in `check`. */
function progressLine(): { update(done: number, total: number): void; clear(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update() {}, clear() {} };
  let shown = false;
  return {
    update(done, total) {
      stream.write(`\rsweep: ${done} of ${total} cells   `);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

export async function sweepCommand(file: string, options: SweepCommandOptions, io: Io): Promise<number> {
  if (options.json && options.plot) throw new InputError('--plot', '', null, 'expected --plot or --json, not both: each is the whole of stdout');
  const shard = options.shard ?? null;
  if (shard !== null && (options.json || options.plot)) {
    throw new InputError('--shard', '', null, `expected no ${options.json ? '--json' : '--plot'} with --shard: a shard prints its cells as CSV lines, and the shards' outputs concatenated are the whole grid's CSV`);
  }
  const params = options.param.map(parseParam);
  const jobs = options.jobs === undefined ? Math.min(availableParallelism(), sweepJobsMax) : parseCount(options.jobs, '--jobs', sweepJobsMax);
  const plan = sweepPlan(file, loadScenario(file), params);
  // Every cell was validated above, in every shard: a bad value fails each job the same way.
  const [first, end] = shard === null ? [0, plan.cells.length] : shardRange(plan.cells.length, shard);

  if (shard !== null && first === end) {
    io.err(`sweep: shard ${shard.index}/${shard.count} has no cells (${plan.cells.length} over ${shard.count} shards)`);
    return 0;
  }
  const progress = options.quiet === true ? { update() {}, clear() {} } : progressLine();
  const started = performance.now();
  const { explored, workers } = await sweepGrid(plan.cells.slice(first, end), file, {
    jobs,
    keepTraces: options.out !== undefined,
    onCell: (done, total) => progress.update(done, total),
  });
  progress.clear();
  const elapsedMs = performance.now() - started;

  const cells = explored.map((cell, indexInPart) => {
    if (options.out === undefined || cell.trace === null) return sweepCell(cell, null);
    const path = cellTracePath(options.out, plan, first + indexInPart);
    writeFileAtomic(path, traceFileText(cell.trace, path));
    return sweepCell(cell, path);
  });
  const result: SweepResult = { plan, cells };
  const how = workers === 1 ? 'serially' : `on ${workers} worker threads`;
  const elapsed = `${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} in ${(elapsedMs / 1000).toFixed(1)} s, ${how}`;
  if (shard !== null) {
    const part = { first, header: shard.index === 1 };
    // The file names its traces relative to itself; stdout, relative to here.
    if (options.csv !== undefined) writeFileAtomic(options.csv, sweepCsv(result, part, options.csv));
    const csv = sweepCsv(result, part);
    if (csv !== '') io.out(csv.trimEnd());
    if (options.quiet !== true) io.err(`sweep: shard ${shard.index}/${shard.count}: cells ${first + 1} to ${end} of ${plan.cells.length}; ${elapsed}`);
    return 0;
  }
  if (options.csv !== undefined) writeFileAtomic(options.csv, sweepCsv(result, undefined, options.csv));
  io.out(options.json ? sweepJson(result) : options.plot ? plotSweep(result) : formatSweepTable(result));
  if (options.quiet !== true) io.err(`sweep: ${elapsed}`);
  return 0;
}
