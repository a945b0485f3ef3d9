// Lasso detection on small hand-made models: known fair cycles are found,
// unfair and timeless (Zeno) cycles are not, acyclic models satisfy every
// liveness property, and every lasso found replays to its loop start.

import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { Effect, Protocol } from '../../../model/index.ts';
import { eventuallyExclusive, noLivelock } from '../../../model/index.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { exploreLiveness, fairWitnesses, stronglyConnected } from '../../../sim/explore/liveness.ts';
import { buildTrace } from '../../../sim/trace/buildTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import { testScenario } from '../../fixtures/scenarios.ts';

type State = { pc: number };

/** A protocol from one effect list per role: each client loops through its list from `loopFrom` on. */
function cyclic(name: string, scripts: Record<string, { effects: Effect[]; loopFrom: number }>): Protocol<{}, State> {
  return {
    name,
    summary: 'hand-made cycle',
    roles: Object.keys(scripts),
    sections: ['exclusive'],
    roleSections: Object.fromEntries(Object.keys(scripts).map((role) => [role, 'exclusive'])),
    options: z.object({}).strict(),
    init: () => ({ pc: 0 }),
    step(state, _input, context) {
      const script = scripts[context.role]!;
      const effect = script.effects[state.pc]!;
      const next = state.pc + 1 < script.effects.length ? state.pc + 1 : script.loopFrom;
      return { state: { pc: next }, effect };
    },
    describe: (state) => `pc ${state.pc}`,
    declares: { timeShiftInvariant: true },
  };
}

const list: Effect = { kind: 'list', prefix: 'locks/' };
const wait: Effect = { kind: 'wait', ticks: 2 };
const enter: Effect = { kind: 'enter', section: 'exclusive' };
const exit: Effect = { kind: 'exit', section: 'exclusive' };
const done: Effect = { kind: 'done', outcome: 'finished' };

function simulator(protocol: Protocol, clients: { id: string; role: string; start?: [number, number] }[], latency: [number, number] = [1, 1]) {
  const scenario = testScenario({ clients: clients.map((client) => ({ ...client, start: client.start ?? [0, 0] })), store: { latency } });
  return new Simulator({ ...scenario, protocol: { name: protocol.name } }, protocol, { liveness: true });
}

describe('exploreLiveness', () => {
  test('a client that polls forever and never enters: a fair cycle breaks noLivelock and eventuallyExclusive', () => {
    const spinner = cyclic('spinner', { poller: { effects: [list, wait], loopFrom: 0 } });
    const sim = simulator(spinner, [{ id: 'A', role: 'poller' }]);
    for (const property of [noLivelock, eventuallyExclusive]) {
      const result = exploreLiveness(sim, [], [property], { maxStates: 10_000, maxDepth: 300 });
      expect(result.verdict).toBe('violation');
      expect(result.counterexample!.property).toBe(property.name);
      expect(result.lasso!.loopStart).toBeLessThan(result.counterexample!.steps);
      const trace = buildTrace(sim, [], result.counterexample!.answers, result.counterexample!.steps, {
        scenarioFile: null,
        mode: 'exhaustive',
        seed: null,
        run: null,
        lasso: result.lasso,
      });
      expect(trace.loop).toEqual({ start: result.lasso!.loopStart });
    }
  });

  test('a client that enters on every round satisfies both', () => {
    const worker = cyclic('worker', { worker: { effects: [list, enter, exit, wait], loopFrom: 0 } });
    const result = exploreLiveness(simulator(worker, [{ id: 'A', role: 'worker' }]), [], [noLivelock, eventuallyExclusive], { maxStates: 10_000, maxDepth: 300 });
    expect(result.verdict).toBe('safe');
  });

  test('a model without cycles satisfies every liveness property', () => {
    const once = cyclic('once', { worker: { effects: [list, enter, exit, done], loopFrom: 3 } });
    const result = exploreLiveness(simulator(once, [{ id: 'A', role: 'worker' }, { id: 'B', role: 'worker' }]), [], [noLivelock, eventuallyExclusive], { maxStates: 10_000, maxDepth: 300 });
    expect(result.verdict).toBe('safe');
  });

  test('a cycle that starves a client that could move is unfair, and not reported', () => {
    // With latency 0, A's list loop runs forever at tick 0 while B, due at tick 0, never moves.
    // That cycle is unfair to B and timeless. Once B moves it enters on every round.
    const model = cyclic('unfair', { spinner: { effects: [list], loopFrom: 0 }, worker: { effects: [enter, exit, wait], loopFrom: 0 } });
    const sim = simulator(model, [{ id: 'A', role: 'spinner' }, { id: 'B', role: 'worker' }], [0, 0]);
    const result = exploreLiveness(sim, [], [noLivelock], { maxStates: 10_000, maxDepth: 300 });
    expect(result.verdict).toBe('safe');
  });

  test('a timeless cycle is not a run: a lone spinner with latency 0 is not a livelock', () => {
    const model = cyclic('zeno', { spinner: { effects: [list], loopFrom: 0 } });
    const result = exploreLiveness(simulator(model, [{ id: 'A', role: 'spinner' }], [0, 0]), [], [noLivelock], { maxStates: 10_000, maxDepth: 300 });
    expect(result.verdict).toBe('safe');
  });

  test('strongly connected components and fairness on a hand-built graph', () => {
    // 0 -> 1 -> 2 -> 1 (a cycle {1, 2} moved by client 0 only; client 1 always enabled): unfair.
    // 3 -> 3 self-loop by client 1, client 0 disabled there: fair.
    const graph = {
      states: 4,
      parent: [-1, 0, 1, -1],
      ordinal: [0, 0, 0, 1],
      depth: [0, 1, 2, 0],
      views: [0, 1, 2, 3].map(() => [
        { id: 'A', role: 'r', section: null, done: false },
        { id: 'B', role: 'r', section: null, done: false },
      ]),
      enabled: [3, 3, 3, 2],
      edgeStart: [0, 1, 2, 3, 4],
      edgeTarget: [1, 2, 1, 3],
      edgeClient: [0, 0, 0, 1],
      edgeOrdinal: [0, 0, 0, 0],
      edgeAdvances: [1, 1, 1, 1],
    };
    const components = stronglyConnected(graph, () => true).map((component) => [...component].sort());
    expect(components).toContainEqual([1, 2]);
    expect(components).toContainEqual([3]);
    expect(components).toContainEqual([0]);
    expect(fairWitnesses(graph, [1, 2])).toBeNull();
    expect(fairWitnesses(graph, [3])).not.toBeNull();
    expect(fairWitnesses(graph, [0])).toBeNull();
  });
});
