// The body of a sweep worker thread (started through sweepWorker.mjs):
// explores each cell it is sent and posts the result back with the cell's
// index, so the main thread assembles the grid in order whatever finishes
// first.

import { parentPort } from 'node:worker_threads';
import { ProtocolFault } from '../engine/simulator.ts';
import { exploreCell } from './exploreCell.ts';
import type { CellReply, CellRequest } from './sweepGrid.ts';

const port = parentPort;
if (port === null) throw new Error('sweepWorker: expected to run in a worker thread');

port.on('message', (request: CellRequest) => {
  let reply: CellReply;
  try {
    reply = { index: request.index, ok: true, explored: exploreCell(request.scenario, request.file, request.keepTrace) };
  } catch (error) {
    reply =
      error instanceof ProtocolFault
        ? { index: request.index, ok: false, fault: { message: error.message, client: error.client, state: error.state, where: error.where } }
        : { index: request.index, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
  }
  port.postMessage(reply);
});
