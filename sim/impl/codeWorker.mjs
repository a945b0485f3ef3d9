// Boots the worker that runs a harness's client code (sim/impl/codeWorker.ts).
// In the compiled package the body is the JavaScript next to this file; from
// the sources it goes through tsx's loader, since a worker starts with none of
// its parent's hooks. A failure to boot is written where the main thread,
// blocked in Atomics.wait, reads its answers.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

try {
  const compiled = new URL('./codeWorker.js', import.meta.url);
  if (existsSync(compiled)) await import(compiled.href);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./codeWorker.ts');
  }
} catch (error) {
  const control = new Int32Array(workerData.control);
  const text = JSON.stringify({ fault: `the code worker failed to start: ${error instanceof Error ? error.message : String(error)}` });
  const bytes = Buffer.from(text, 'utf8').subarray(0, workerData.answer.byteLength);
  new Uint8Array(workerData.answer).set(bytes);
  Atomics.store(control, 2, bytes.length);
  Atomics.store(control, 0, 2);
  Atomics.notify(control, 0);
}
