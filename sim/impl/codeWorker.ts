// The worker thread that runs one harness's client code for the simulator
// (codeBridge.ts is the other side). It holds one live run per client; a step
// either continues that run or, when the simulator asks about another
// history, starts a fresh run and replays the history into it, since the
// code's own state cannot be copied. Answers go back through shared memory,
// where the main thread waits for them (Atomics.wait), so that a protocol
// step stays a synchronous call there.

import { parentPort, workerData } from 'node:worker_threads';
import type { Harness } from '../../model/implementation.ts';
import { ClientRun } from './clientRun.ts';
import type { RunIdentity, RunSettings } from './clientRun.ts';
import type { CodeInput, StepAnswer } from './codeInputs.ts';
import { EscapeGuard } from './escapeGuard.ts';
import { loadHarness } from './loadHarness.ts';

/** Slots of the control words shared with the main thread. */
export const controlSlots = { ready: 0, answerSeq: 1, answerLength: 2 } as const;
export const controlWords = 4;
/** ready: 0 while booting, 1 ready, 2 failed to boot (the answer area holds why). */
export const readyStates = { booting: 0, ready: 1, failed: 2 } as const;

export type CodeWorkerData = { harnessPath: string; settings: RunSettings; control: SharedArrayBuffer; answer: SharedArrayBuffer };

/** One step asked of the worker: continue the client's live run, or replay `history` into a fresh one first. */
export type StepMessage = { seq: number; client: RunIdentity; history: CodeInput[] | null; input: CodeInput };

function writeAnswer(data: CodeWorkerData, seq: number, answer: unknown): void {
  const control = new Int32Array(data.control);
  const bytes = Buffer.from(JSON.stringify(answer), 'utf8');
  const area = new Uint8Array(data.answer);
  const fitted = bytes.length <= area.length ? bytes : Buffer.from(JSON.stringify({ fault: `its step answer is ${bytes.length} bytes, more than ${area.length}` }), 'utf8');
  area.set(fitted);
  Atomics.store(control, controlSlots.answerLength, fitted.length);
  Atomics.store(control, controlSlots.answerSeq, seq);
  Atomics.notify(control, controlSlots.answerSeq);
}

async function replay(run: ClientRun, history: readonly CodeInput[]): Promise<StepAnswer | null> {
  for (let at = 0; at < history.length; at += 1) {
    const answer = await run.feed(history[at]!);
    if ('fault' in answer) return { fault: `${answer.fault} (on replaying its step ${at + 1})` };
  }
  return null;
}

export async function runCodeWorker(data: CodeWorkerData): Promise<void> {
  const control = new Int32Array(data.control);
  let harness: Harness;
  try {
    harness = loadHarness(data.harnessPath);
  } catch (error) {
    writeAnswer(data, 0, { fault: `cannot load ${data.harnessPath}: ${(error as Error).message}` });
    Atomics.store(control, controlSlots.ready, readyStates.failed);
    Atomics.notify(control, controlSlots.ready);
    return;
  }
  const guard = new EscapeGuard();
  // A loader may leave work behind (tsx expires its disk cache on the next
  // turn, reading Date.now): let it run before the guard is in place.
  for (let turn = 0; turn < 3; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  guard.install();
  const runs = new Map<string, ClientRun>();
  let queue = Promise.resolve();
  parentPort!.on('message', (message: StepMessage) => {
    // One step at a time: the main thread sends the next only after this answer, but be sure.
    queue = queue.then(async () => {
      let run = runs.get(message.client.id);
      let answer: StepAnswer | null = null;
      if (message.history !== null || run === undefined) {
        const code = harness.roles[message.client.role];
        if (code === undefined) {
          writeAnswer(data, message.seq, { fault: `the harness has no role ${JSON.stringify(message.client.role)}` });
          return;
        }
        run = new ClientRun(code, message.client, data.settings, guard);
        runs.set(message.client.id, run);
        answer = await replay(run, message.history ?? []);
      }
      if (answer === null) answer = await run.feed(message.input);
      writeAnswer(data, message.seq, answer);
    });
  });
  Atomics.store(control, controlSlots.ready, readyStates.ready);
  Atomics.notify(control, controlSlots.ready);
}

if (workerData !== null && typeof workerData === 'object' && 'harnessPath' in (workerData as object)) void runCodeWorker(workerData as CodeWorkerData);
