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
import type { Io } from './main.ts';
import { parseCount } from './parseDuration.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type SweepCommandOptions = {
  param: string[];
  jobs?: string | undefined;
  json: boolean;
  csv?: string | undefined;
  plot: boolean;
  /** Where each violating cell's trace is written; no traces without it. */
  out?: string | undefined;
};

export const sweepHelp = `
Params:
  --param <path>=<values> names a field of the scenario by its dotted path
  (store.listLag, protocol.verifyDelay, clients[1].start, explore.maxDepth)
  and the values it takes: a..b (integers, inclusive) or a comma list
  (1,2,4 or client-id,strict). The first param is the table's rows, the
  second its columns; at most two.
  A range field (store.latency, store.listLag, store.clockSkew, faults.pause,
  clients[i].start) takes the value N as its max and keeps the scenario's
  min: with listLag: 0 in the scenario, store.listLag=0..8 sweeps lists that
  lag by up to 0, 1, ..., 8 ticks ([0,0] to [0,8]). Any other field takes
  the value as is.
  Every cell's scenario is validated before any cell runs: a value that
  makes it invalid is bad input, named with its param.

Cells:
  Each cell is explored exactly as \`locksim check\` explores a scenario
  (same explorer, same bounds): safe, VIOL (violation) or incompl
  (incomplete). A cell has no \`expect\`. After the table, each row's
  boundary: the smallest column value from which every cell is safe.
  With --out DIR, each violating cell's trace is written there, named after
  the cell: <scenario>.listLag-3.verifyDelay-2.trace.json.
  Cells run on worker threads, --jobs at a time (default: one per core);
  --jobs 1 runs them in this thread. Output is the same either way.

Output:
  --csv FILE writes one line per cell: each param's value as given (for a
  range field, its max), verdict, property, states, transitions, depth,
  steps, trace. --json prints one JSON object instead of the table; --plot
  prints a chart instead (█ safe, ░ violation, ? incomplete).

Exit codes: 0 the sweep ran, whatever the verdicts; 2 bad input or usage.`;

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
  const params = options.param.map(parseParam);
  const jobs = options.jobs === undefined ? Math.min(availableParallelism(), sweepJobsMax) : parseCount(options.jobs, '--jobs', sweepJobsMax);
  const plan = sweepPlan(file, loadScenario(file), params);

  const progress = progressLine();
  const started = performance.now();
  const { explored, workers } = await sweepGrid(plan.cells, file, {
    jobs,
    keepTraces: options.out !== undefined,
    onCell: (done, total) => progress.update(done, total),
  });
  progress.clear();
  const elapsedMs = performance.now() - started;

  const cells = explored.map((cell, index) => {
    if (options.out === undefined || cell.trace === null) return sweepCell(cell, null);
    const path = cellTracePath(options.out, plan, index);
    writeFileAtomic(path, `${JSON.stringify(cell.trace, null, 1)}\n`);
    return sweepCell(cell, path);
  });
  const result: SweepResult = { plan, cells };
  if (options.csv !== undefined) writeFileAtomic(options.csv, sweepCsv(result));
  io.out(options.json ? sweepJson(result) : options.plot ? plotSweep(result) : formatSweepTable(result));
  const how = workers === 1 ? 'serially' : `on ${workers} worker threads`;
  io.err(`sweep: ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} in ${(elapsedMs / 1000).toFixed(1)} s, ${how}`);
  return 0;
}
