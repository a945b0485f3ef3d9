// A worker thread of the parallel exhaustive search (sim/explore/parallelExhaustive.ts).
// Like sim/cli/bin.mjs it runs the TypeScript sources through tsx's loader,
// since a worker starts with none of its parent's hooks. It boots once and
// then takes one search after another, each posted as a message with that
// search's shared memory; a search runs synchronously (the worker waits in
// Atomics.wait between levels) and the next message is read once it is over.
// A failure to boot is written into each search's error area, as the body
// reports its own errors: the main thread, blocked in Atomics.wait, would
// never see an 'error' event.
import { existsSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const booted = (async () => {
  // In the compiled package (dist/) the body is the plain JavaScript next to this file.
  const compiled = new URL('./exhaustiveWorker.js', import.meta.url);
  if (existsSync(compiled)) return (await import(compiled.href)).runWorker;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('./exhaustiveWorker.ts')).runWorker;
})();
booted.catch(() => {});

function reportBootError(job, error) {
  const { ctl } = job;
  const control = new Int32Array(job.control);
  if (Atomics.compareExchange(control, ctl.errorClaim, 0, 1) === 0) {
    const text = JSON.stringify({ message: `worker failed to start: ${error instanceof Error ? error.message : String(error)}`, stack: error instanceof Error ? (error.stack ?? '') : '' });
    const bytes = Buffer.from(text, 'utf8').subarray(0, job.errorBytes.byteLength);
    new Uint8Array(job.errorBytes).set(bytes);
    Atomics.store(control, ctl.errorLength, bytes.length);
    Atomics.store(control, ctl.errorThread, job.thread);
    Atomics.store(control, ctl.errorKind, 2);
  }
  if (Atomics.compareExchange(control, ctl.stop, 0, 4) === 0) Atomics.store(control, ctl.stopDepth, 0);
  Atomics.add(control, ctl.events, 1);
  Atomics.notify(control, ctl.events);
}

parentPort.on('message', (job) => {
  booted.then(
    (runWorker) => runWorker(job),
    (error) => reportBootError(job, error),
  );
});
