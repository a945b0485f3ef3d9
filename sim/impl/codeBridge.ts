// The main thread's side of the code worker (codeWorker.ts): a synchronous
// call that hands one step to the worker and waits, in Atomics.wait, for its
// answer. The simulator and every explorer stay synchronous; the client code
// runs on its own thread, with its own event loop and microtasks.

import { Worker } from 'node:worker_threads';
import type { RunIdentity, RunSettings } from './clientRun.ts';
import type { CodeInput, StepAnswer } from './codeInputs.ts';
import type { CodeWorkerData, StepMessage } from './codeWorker.ts';

// Kept here, not imported, so that the bridge loads without the worker's module.
const slot = { ready: 0, answerSeq: 1, answerLength: 2 } as const;
const controlWords = 4;
const ready = { booting: 0, ready: 1, failed: 2 } as const;

/** Bytes of the answer area: a step's actions, far below this. */
const answerBytes = 1 << 20;
/** How long a worker may take to load the harness. */
const bootMsMax = 60_000;
/** How long one step of client code may run: beyond it the code loops without a store call or sleep. */
export const stepMsMax = 10_000;

export class CodeBridge {
  private worker: Worker | null = null;
  private control = new Int32Array(new SharedArrayBuffer(controlWords * 4));
  private answer = new SharedArrayBuffer(answerBytes);
  private seq = 0;

  constructor(
    private readonly harnessPath: string,
    private readonly settings: RunSettings,
  ) {}

  /** Whether the worker is up; a new worker has no live runs, so every client must be replayed. */
  get live(): boolean {
    return this.worker !== null;
  }

  /** One step of `client`'s code: continue its live run (history null) or replay `history` first. */
  step(client: RunIdentity, history: CodeInput[] | null, input: CodeInput): StepAnswer {
    const fresh = this.worker === null;
    const worker = this.ensureWorker();
    if (typeof worker === 'string') return { fault: worker };
    if (fresh && history === null) throw new Error('code bridge: a fresh worker was asked to continue a run');
    this.seq += 1;
    const message: StepMessage = { seq: this.seq, client, history, input };
    worker.postMessage(message);
    const deadline = stepMsMax;
    const result = Atomics.wait(this.control, slot.answerSeq, this.seq - 1, deadline);
    if (result === 'timed-out' && Atomics.load(this.control, slot.answerSeq) !== this.seq) {
      this.stop();
      return { fault: `its code ran for more than ${stepMsMax / 1000} s in one step without a store call or a sleep (an endless loop, or a busy wait?)` };
    }
    return this.readAnswer() as StepAnswer;
  }

  /** Ends the worker; the next step starts another. */
  stop(): void {
    if (this.worker !== null) void this.worker.terminate();
    this.worker = null;
    this.control = new Int32Array(new SharedArrayBuffer(controlWords * 4));
    this.answer = new SharedArrayBuffer(answerBytes);
    this.seq = 0;
  }

  private readAnswer(): unknown {
    const length = Atomics.load(this.control, slot.answerLength);
    const text = Buffer.from(new Uint8Array(this.answer, 0, length)).toString('utf8');
    return JSON.parse(text) as unknown;
  }

  private ensureWorker(): Worker | string {
    if (this.worker !== null) return this.worker;
    const data: CodeWorkerData = { harnessPath: this.harnessPath, settings: this.settings, control: this.control.buffer as SharedArrayBuffer, answer: this.answer };
    const worker = new Worker(new URL('./codeWorker.mjs', import.meta.url), { workerData: data });
    // Errors come through shared memory; an 'error' event must not crash the process.
    worker.on('error', () => {});
    worker.unref();
    const waited = Atomics.wait(this.control, slot.ready, ready.booting, bootMsMax);
    const state = Atomics.load(this.control, slot.ready);
    if (state === ready.ready) {
      this.worker = worker;
      return worker;
    }
    void worker.terminate();
    if (state === ready.failed) return (this.readAnswer() as { fault: string }).fault;
    return `the code worker did not start within ${bootMsMax / 1000} s (${waited})`;
  }
}
