// A worker thread of the parallel exhaustive search (sim/explore/parallelExhaustive.ts).
// Like sim/cli/bin.mjs it runs the TypeScript sources through tsx's loader,
// since a worker starts with none of its parent's hooks. A failure to boot is
// written into the shared error area, as the body reports its own errors: the
// main thread is blocked in Atomics.wait and would never see an 'error' event.
import { workerData } from 'node:worker_threads';

try {
  const { register } = await import('tsx/esm/api');
  register();
  const { runWorker } = await import('./exhaustiveWorker.ts');
  runWorker(workerData);
} catch (error) {
  const { ctl } = workerData;
  const control = new Int32Array(workerData.control);
  if (Atomics.compareExchange(control, ctl.errorClaim, 0, 1) === 0) {
    const text = JSON.stringify({ message: `worker failed to start: ${error instanceof Error ? error.message : String(error)}`, stack: error instanceof Error ? (error.stack ?? '') : '' });
    const bytes = Buffer.from(text, 'utf8').subarray(0, workerData.errorBytes.byteLength);
    new Uint8Array(workerData.errorBytes).set(bytes);
    Atomics.store(control, ctl.errorLength, bytes.length);
    Atomics.store(control, ctl.errorThread, workerData.thread);
    Atomics.store(control, ctl.errorKind, 2);
  }
  if (Atomics.compareExchange(control, ctl.stop, 0, 4) === 0) Atomics.store(control, ctl.stopDepth, 0);
  Atomics.add(control, ctl.events, 1);
  Atomics.notify(control, ctl.events);
}
