// The exhaustive search on worker threads gives one worker's result, whatever
// the count: verdict, counts, counterexample and trace, faults too. The
// thresholds that keep small searches on one thread are lowered here, so that
// these small scenarios do run their levels on every worker.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Interner } from '../../../sim/engine/interner.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { SharedFingerprintSet } from '../../../sim/engine/sharedFingerprintSet.ts';
import { ProtocolFault } from '../../../sim/engine/simulator.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { parallelTuning } from '../../../sim/explore/parallelExhaustive.ts';
import { main } from '../../../sim/cli/main.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';

const tuned = { ...parallelTuning };
beforeAll(() => {
  // A table of 1,024 slots at first (room for a batch of successors from each thread past its growth load): most searches here grow it, often while a worker is paused to help.
  Object.assign(parallelTuning, { startStates: 0, levelStates: 1, awaitWorkers: true, tableLog2Min: 10 });
});
afterAll(() => {
  Object.assign(parallelTuning, tuned);
});

/** What the output of `check` is made of: everything but the stats that describe memory and threads. */
function outcome(scenario: Scenario, file: string, workers: number) {
  const { result, trace } = explore(prepare(scenario), file, undefined, { workers });
  const { workers: used, storedBytes, frontierBytes, ...counts } = result.stats;
  return { used, result: { ...result, stats: counts }, trace: JSON.stringify(trace) };
}

function withExplore(scenario: Scenario, bounds: Partial<Scenario['explore']>): Scenario {
  return { ...scenario, explore: { ...scenario.explore, ...bounds } } as Scenario;
}

describe('exhaustive search on 1, 2 and 3 workers', () => {
  test.each([
    // safe; a user module; crashes; pauses; violations, with a module and without
    ['scenarios/pending-lock-syncer-post-then-check.yaml', 'safe'],
    ['examples/put-then-verify/strong-store.yaml', 'safe'],
    ['scenarios/matrix-lease-fencing-crash.yaml', 'safe'],
    ['scenarios/matrix-lease-fencing-pause.yaml', 'violation'],
    ['examples/put-then-verify/list-lag.yaml', 'violation'],
    ['scenarios/pending-lock-list-lag.yaml', 'violation'],
  ])('%s: %s, the same result and trace', (file, verdict) => {
    const scenario = loadScenario(file);
    const [one, two, three] = [1, 2, 3].map((workers) => outcome(scenario, file, workers));
    expect(one!.result.verdict).toBe(verdict);
    expect(two!.result).toStrictEqual(one!.result);
    expect(three!.result).toStrictEqual(one!.result);
    expect(two!.trace).toBe(one!.trace);
    expect(three!.trace).toBe(one!.trace);
    // A safe search keeps its own result, and every worker took part in it.
    if (verdict === 'safe') expect([two!.used, three!.used]).toStrictEqual([2, 3]);
  }, 20_000);

  test('stopped at maxDepth and at maxStates: the same incomplete result', () => {
    const file = 'scenarios/pending-lock-syncer-post-then-check.yaml';
    for (const bounds of [{ maxDepth: 12 }, { maxStates: 1000 }]) {
      const scenario = withExplore(loadScenario(file), bounds);
      const [one, two] = [1, 2].map((workers) => outcome(scenario, file, workers));
      expect(one!.result.verdict).toBe('incomplete');
      expect(two!.result).toStrictEqual(one!.result);
    }
  }, 20_000);

  test('a protocol that throws mid-run: the same fault, where included', () => {
    const file = 'test/fixtures/protocols/throws-mid-run.yaml';
    const scenario = loadScenario(file);
    const fault = (workers: number): ProtocolFault => {
      try {
        explore(prepare(scenario), file, undefined, { workers });
      } catch (error) {
        if (error instanceof ProtocolFault) return error;
        throw error;
      }
      throw new Error('no fault');
    };
    const one = fault(1);
    const two = fault(2);
    expect([two.message, two.client, two.state, two.where]).toStrictEqual([one.message, one.client, one.state, one.where]);
    expect(one.where).toMatch(/while expanding states at depth \d+/);
  }, 20_000);

  test('check prints the same and writes the same trace with --workers 1 and 3', async () => {
    const files = ['scenarios/matrix-lease-fencing-crash.yaml', 'scenarios/pending-lock-list-lag.yaml'];
    const run = async (workers: string) => {
      const out: string[] = [];
      const dir = mkdtempSync(join(tmpdir(), 'locksim-workers-'));
      const code = await main(['node', 'locksim', 'check', ...files, '--out', dir, '--workers', workers], { out: (line) => out.push(line), err: () => {} });
      const traces = readdirSync(dir).sort().map((name) => readFileSync(join(dir, name), 'utf8'));
      return { code, out: out.join('\n').replaceAll(dir, 'OUT'), traces };
    };
    const one = await run('1');
    expect(one.traces).toHaveLength(1);
    expect(await run('3')).toStrictEqual(one);
  }, 20_000);

  test('check --workers takes a whole number from 1', async () => {
    for (const bad of ['0', 'two', '1.5', '-3']) {
      const err: string[] = [];
      const code = await main(['node', 'locksim', 'check', 'scenarios/pending-lock-list-lag.yaml', '--workers', bad], { out: () => {}, err: (line) => err.push(line) });
      expect(code).toBe(2);
      expect(err).toHaveLength(1);
      expect(err[0]).toContain('--workers');
    }
  });
});

/** Runs `body` (an async function's text, given `workerData`) in a worker thread with the TypeScript sources loadable. */
function inWorker<T>(body: string, workerData: unknown): Promise<T> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      const { register } = await import('tsx/esm/api');
      register();
      const run = ${body};
      parentPort.postMessage(await run(workerData));
    })().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
  `;
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData });
    worker.once('message', (message: T & { error?: string }) => {
      void worker.terminate();
      if (typeof message === 'object' && message !== null && 'error' in message && message.error !== undefined) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once('error', reject);
  });
}

const source = (path: string): string => fileURLToPath(new URL(`../../../sim/engine/${path}`, import.meta.url));

describe('shared tables under two threads', () => {
  test('the interner: one value, one id, in both threads; different values, different ids', async () => {
    const interner = new Interner(1 << 20);
    interner.keyOf({ before: 'sharing' }, 'v');
    const buffers = interner.share();
    const values = Array.from({ length: 3000 }, (_, index) => ({ n: index % 1500, tag: index < 1500 ? 'a' : 'b' }));
    const go = new Int32Array(new SharedArrayBuffer(8));
    const pending = inWorker<number[]>(
      `async ({ module, buffers, values, go }) => {
        const { Interner } = await import(module);
        const interner = new Interner(1 << 20);
        interner.joinShared(buffers);
        const flag = new Int32Array(go);
        Atomics.store(flag, 1, 1);
        Atomics.wait(flag, 0, 0);
        // From the other end, so that both threads meet new values at once.
        const ids = [];
        for (let index = values.length - 1; index >= 0; index -= 1) ids[index] = interner.keyOf(values[index], 'v');
        return ids;
      }`,
      { module: source('interner.ts'), buffers, values, go: go.buffer },
    );
    while (Atomics.load(go, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    const here = values.map((value) => interner.keyOf(value, 'v'));
    const there = await pending;
    expect(there).toStrictEqual(here);
    expect(new Set(here).size).toBe(values.length);
    expect(interner.keyOf({ before: 'sharing' }, 'v')).toBe(0);
    expect(interner.size).toBe(values.length + 1);
    for (const [index, id] of here.entries()) expect(JSON.parse(interner.textOf(id)!)).toStrictEqual(values[index]);
  }, 20_000);

  test('the fingerprint set: two threads insert overlapping sets, and the union is counted exactly', async () => {
    const set = SharedFingerprintSet.create(17, 20);
    const count = 40_000;
    // Fingerprints k = 0 .. 1.5 count, with halves spread; this thread takes [0, count), the other [count / 2, 1.5 count).
    const fingerprint = (k: number): [number, number] => [Math.imul(k + 1, 0x9e3779b1) >>> 0, Math.imul(k ^ 0x5bd1e995, 0x85ebca6b) >>> 0];
    const go = new Int32Array(new SharedArrayBuffer(8));
    const pending = inWorker<number>(
      `async ({ module, buffers, from, to, go }) => {
        const { SharedFingerprintSet } = await import(module);
        const set = SharedFingerprintSet.over(buffers);
        const flag = new Int32Array(go);
        Atomics.store(flag, 1, 1);
        Atomics.wait(flag, 0, 0);
        let added = 0;
        for (let k = to - 1; k >= from; k -= 1) {
          if (set.add(Math.imul(k + 1, 0x9e3779b1) >>> 0, Math.imul(k ^ 0x5bd1e995, 0x85ebca6b) >>> 0) !== 0) added += 1;
        }
        set.flush();
        return added;
      }`,
      { module: source('sharedFingerprintSet.ts'), buffers: set.buffers, from: count / 2, to: count * 1.5, go: go.buffer },
    );
    while (Atomics.load(go, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    let added = 0;
    for (let k = 0; k < count; k += 1) if (set.add(...fingerprint(k)) !== 0) added += 1;
    set.flush();
    const addedThere = await pending;
    expect(added + addedThere).toBe(count * 1.5);
    expect(set.size).toBe(count * 1.5);
    for (let k = 0; k < count * 1.5; k += 1) expect(set.add(...fingerprint(k))).toBe(0);
    // Grown (by one thread, the other gone), it keeps every fingerprint.
    expect(set.grow()).toBe(true);
    for (let k = 0; k < count * 1.5; k += 1) expect(set.add(...fingerprint(k))).toBe(0);
    expect(set.add(...fingerprint(count * 2))).not.toBe(0);
  }, 20_000);
});
