import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { buildTrace } from '../../../sim/trace/buildTrace.ts';
import { pendingLockScenario, violating } from '../../fixtures/scenarios.ts';
import { traceOf } from '../../fixtures/traces.ts';

const meta = { scenarioFile: null, mode: 'exhaustive', seed: null, run: null } as const;

describe('buildTrace', () => {
  test('step 0 is the initial state: no client, every client ready at its start, every property holding', () => {
    const trace = traceOf('listLag', 'exhaustive');
    const [init] = trace.steps;
    expect(init).toMatchObject({ index: 0, tick: 0, client: null, kind: 'init', request: null, reply: null, effect: null, note: null, visibleTick: null });
    expect(init!.answers).toStrictEqual([0, 0, 0, 0]);
    expect(init!.clients.map((client) => [client.id, client.phase, client.dueTick, client.section, client.outcome])).toStrictEqual([
      ['A', 'ready', 0, null, null],
      ['B', 'ready', 0, null, null],
    ]);
    expect(Object.values(init!.properties).every((value) => value === null)).toBe(true);
  });

  test('steps are numbered, time never goes back, and only the last breaks a property', () => {
    const trace = traceOf('checkThenPostSyncer', 'random');
    trace.steps.forEach((step, index) => {
      expect(step.index).toBe(index);
      if (index > 0) {
        expect(step.tick).toBeGreaterThanOrEqual(trace.steps[index - 1]!.tick);
        expect(['commit', 'step']).toContain(step.kind);
        expect(trace.scenario.clients.map((client) => client.id)).toContain(step.client);
      }
      const broken = Object.values(step.properties).filter((value) => value !== null);
      expect(broken.length > 0).toBe(index === trace.steps.length - 1);
    });
    expect(trace.violation).toMatchObject({ step: trace.steps.length - 1, property: 'exclusiveExcludesSync', holders: [{ client: 'A', section: 'exclusive' }, { client: 'S', section: 'sync' }] });
  });

  test('views: a writer sees its write at once; another client sees it only from its visible tick', () => {
    const trace = traceOf('listLag', 'exhaustive');
    const lagging = trace.steps.find((step) => step.kind === 'commit' && step.visibleTick !== null && step.visibleTick > step.tick)!;
    expect(lagging).toBeDefined();
    const name = (lagging.request as { name: string }).name;
    const writer = lagging.client!;
    const other = writer === 'A' ? 'B' : 'A';
    const mine = lagging.views[writer]!.find((file) => file.name === name)!;
    const theirs = lagging.views[other]!.find((file) => file.name === name)!;
    expect(mine).toMatchObject({ owner: writer, visible: true, seenVersion: 1, visibleTick: lagging.tick });
    expect(theirs).toMatchObject({ owner: writer, visible: false, seenVersion: null, visibleTick: lagging.visibleTick });
    expect(lagging.action).toContain(`(others see it from t=${lagging.visibleTick})`);
  });

  test('a commit step records the request and the reply the store will send; the next step of that client receives it', () => {
    const trace = traceOf('strictTie', 'exhaustive');
    const commit = trace.steps.find((step) => step.kind === 'commit' && step.request?.kind === 'list')!;
    const received = trace.steps.find((step) => step.index > commit.index && step.client === commit.client && step.kind === 'step')!;
    expect(received.request).toStrictEqual(commit.request);
    expect(received.reply).toStrictEqual(commit.reply);
    expect(received.action.startsWith('got [')).toBe(true);
  });

  describe('rejects answers that do not make a counterexample', () => {
    const { sim, properties } = prepare(pendingLockScenario('listLag', violating.listLag.body));
    const trace = traceOf('listLag', 'exhaustive');
    const steps = trace.steps.length - 1;

    test('a step count outside [0, maxDepth]', () => {
      expect(() => buildTrace(sim, properties, trace.choices, -1, meta)).toThrow('trace: -1 steps is outside [0, maxDepth]');
      expect(() => buildTrace(sim, properties, trace.choices, sim.scenario.explore.maxDepth + 1, meta)).toThrow('steps is outside [0, maxDepth]');
    });

    test('answers left over', () => {
      expect(() => buildTrace(sim, properties, [...trace.choices, 0], steps, meta)).toThrow('trace: 1 answers left over');
    });

    test('a run that does not end in a violation', () => {
      // The same run, one step short of the violation.
      const shorter = trace.choices.slice(0, trace.choices.length - trace.steps[steps]!.answers.length);
      expect(() => buildTrace(sim, properties, shorter, steps - 1, meta)).toThrow('trace: the answers do not end in a violation');
    });

    test('more steps than the run has', () => {
      const lone = prepare(pendingLockScenario('lone', 'protocol: { name: pending-lock }\nclients: [{ id: A, role: upgrader, writes: 0 }]\nstore: { latency: 1 }'));
      expect(() => buildTrace(lone.sim, lone.properties, Array.from({ length: 40 }, () => 0), 40, meta)).toThrow('trace: every client finished before the last step');
    });
  });
});
