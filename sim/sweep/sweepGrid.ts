// Runs every cell of a sweep: serially in this thread, or on a pool of
// worker threads that each take the next cell when done with one. Results
// are stored by cell index, so the grid comes back in the same order either
// way, and exploration is deterministic, so serial and parallel sweeps give
// identical results.

import { Worker } from 'node:worker_threads';
import type { Json } from '../../model/protocol.ts';
import { ProtocolFault } from '../engine/simulator.ts';
import type { Explored } from '../explore/explore.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { exploreCell } from './exploreCell.ts';

/** Most worker threads one sweep starts, whatever --jobs says. */
export const sweepJobsMax = 256;

export type CellRequest = { index: number; scenario: Scenario; file: string; keepTrace: boolean };
export type CellFault = { message: string; client: string; state: Json; where: string | null };
export type CellReply =
  | { index: number; ok: true; explored: Explored }
  | { index: number; ok: false; fault: CellFault }
  | { index: number; ok: false; error: string };

export type SweepGridOptions = {
  /** Worker threads; 1 runs every cell in this thread. */
  jobs: number;
  /** Keep each violation's trace (to write it); otherwise only the verdict comes back. */
  keepTraces: boolean;
  /** Called after each cell, with how many are done. */
  onCell?: (done: number, total: number) => void;
};

export type SweepGridRun = { explored: Explored[]; workers: number };

export async function sweepGrid(cells: readonly Scenario[], file: string, options: SweepGridOptions): Promise<SweepGridRun> {
  if (!(Number.isSafeInteger(options.jobs) && options.jobs >= 1 && options.jobs <= sweepJobsMax)) throw new Error(`sweepGrid: jobs ${options.jobs}`);
  if (cells.length === 0) throw new Error('sweepGrid: no cells');
  const workers = Math.min(options.jobs, cells.length);
  const explored = workers === 1 ? serial(cells, file, options) : await parallel(cells, file, options, workers);
  if (explored.length !== cells.length) throw new Error(`sweepGrid: ${explored.length} results for ${cells.length} cells`);
  return { explored, workers };
}

function serial(cells: readonly Scenario[], file: string, options: SweepGridOptions): Explored[] {
  return cells.map((scenario, index) => {
    const explored = exploreCell(scenario, file, options.keepTraces);
    options.onCell?.(index + 1, cells.length);
    return explored;
  });
}

function parallel(cells: readonly Scenario[], file: string, options: SweepGridOptions, workerCount: number): Promise<Explored[]> {
  const results: (Explored | undefined)[] = Array.from({ length: cells.length }, () => undefined);
  const pool: Worker[] = [];
  let next = 0;
  let done = 0;
  let settled = false;
  return new Promise<Explored[]>((resolve, reject) => {
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      // Workers hold no state worth keeping: stop them all, whether the sweep ended or failed.
      for (const worker of pool) void worker.terminate();
      if (error !== null) return reject(error);
      const missing = results.findIndex((cell) => cell === undefined);
      if (missing >= 0) return reject(new Error(`sweepGrid: cell ${missing} has no result`));
      resolve(results as Explored[]);
    };
    const send = (worker: Worker) => {
      if (next >= cells.length) return;
      const request: CellRequest = { index: next, scenario: cells[next]!, file, keepTrace: options.keepTraces };
      next += 1;
      worker.postMessage(request);
    };
    for (let count = 0; count < workerCount; count += 1) {
      const worker = new Worker(new URL('./sweepWorker.mjs', import.meta.url));
      pool.push(worker);
      worker.on('message', (reply: CellReply) => {
        if (settled) return;
        if (!reply.ok) {
          if ('fault' in reply) {
            const fault = new ProtocolFault(reply.fault.message, reply.fault.client, reply.fault.state);
            fault.where = reply.fault.where;
            finish(fault);
          } else finish(new Error(`sweep worker, cell ${reply.index}: ${reply.error}`));
          return;
        }
        if (results[reply.index] !== undefined) {
          finish(new Error(`sweep worker: cell ${reply.index} answered twice`));
          return;
        }
        results[reply.index] = reply.explored;
        done += 1;
        options.onCell?.(done, cells.length);
        if (done === cells.length) finish(null);
        else send(worker);
      });
      worker.on('error', (error) => finish(new Error(`sweep worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`sweep worker exited (code ${code}) with cells left`));
      });
      send(worker);
    }
  });
}
