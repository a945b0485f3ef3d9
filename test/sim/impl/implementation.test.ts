// Real lock code run by the simulator: the harness fixtures beside this file.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { ProtocolFault } from '../../../sim/engine/protocolHost.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import { loadScenarioText } from '../../../sim/scenario/loadScenario.ts';
import { InputError } from '../../../sim/scenario/inputError.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

function scenario(module: string, roles: string[], extra = '', explore = '{ mode: systematic }') {
  const clients = roles.map((role, index) => `  - { id: ${String.fromCharCode(65 + index)}, role: ${role}, start: [0, ${index === 0 ? 0 : 2}] }`).join('\n');
  const text = `implementation: { module: ./${module} }\nclients:\n${clients}\nstore: { latency: [1, 1]${extra} }\nexplore: ${explore}\n`;
  return loadScenarioText(text, join(fixtures, 'inline.yaml'));
}

function faultOf(run: () => unknown): ProtocolFault {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolFault) return error;
    throw error;
  }
  throw new Error('expected a protocol fault');
}

describe('check-then-put as real code', () => {
  test('systematic search finds both clients in EXCLUSIVE, with one preemption, and the trace replays', () => {
    const { result, trace } = explore(prepare(scenario('checkThenPut.ts', ['upgrader', 'upgrader'])), null);
    expect(result.verdict).toBe('violation');
    expect(result.counterexample?.message).toContain('A and B hold EXCLUSIVE at once');
    expect(result.counterexample?.message).toContain('at most 1 preemptions');
    expect(trace).not.toBeNull();
    expect(trace!.mode).toBe('systematic');
    const notes = trace!.steps.map((step) => step.note ?? '').join('\n');
    expect(notes).toContain('store.list("locks/")');
    expect(notes).toContain('store.put("locks/EXCLUSIVE-A", "A")');
    const replayed = replayTrace(trace!);
    expect(replayed.same).toBe(true);
  });

  test('with no preemption allowed the race is not found, and the verdict says what was bounded', () => {
    const { result } = explore(prepare(scenario('checkThenPut.ts', ['upgrader', 'upgrader'], '', '{ mode: systematic, preemptionsMax: 0 }')), null);
    expect(result.verdict).toBe('incomplete');
    expect(result.incompleteReason).toContain('no violation in any schedule with up to 0 preemptions');
  });

  test('random mode finds it too, and the same seed gives the same answers', () => {
    const first = explore(prepare(scenario('checkThenPut.ts', ['upgrader', 'upgrader'], '', '{ mode: random, runs: 200, seed: 7 }')), null);
    const second = explore(prepare(scenario('checkThenPut.ts', ['upgrader', 'upgrader'], '', '{ mode: random, runs: 200, seed: 7 }')), null);
    expect(first.result.verdict).toBe('violation');
    expect(second.result.counterexample?.answers).toEqual(first.result.counterexample?.answers);
  });

  test('exhaustive mode is refused: real code has no states to compare', () => {
    expect(() => scenario('checkThenPut.ts', ['upgrader'], '', '{ mode: exhaustive }')).toThrow(InputError);
    expect(() => scenario('checkThenPut.ts', ['upgrader'], '', '{ mode: exhaustive }')).toThrow(/explore\.mode.*systematic/);
  });
});

describe('code that escapes the interfaces is reported, naming the client and the step', () => {
  test.each([
    ['timer', /A: .*setTimeout\(\).*clock\.sleep/],
    ['clock', /A: .*Date\.now\(\)/],
    ['stuck', /A: .*neither a store call nor a sleep/],
    ['twoActivities', /A: .*store\.list\("locks\/"\) and clock\.sleep\(5\) at once/],
    ['throws', /A: .*its code threw: no lock for you/],
  ])('%s', (role, message) => {
    const fault = faultOf(() => explore(prepare(scenario('escapes.ts', [role])), null));
    expect(fault.message).toMatch(message);
    expect(fault.client).toBe('A');
    expect(fault.where).toMatch(/at step \d+ of systematic schedule 0/);
  });
});

describe('concurrent calls, dates and sleeps', () => {
  test('Promise.all issues an all effect; remoteDate, sleep and get map to date, wait and a list; a long list lag breaks the oldest-lock rule', () => {
    const { result, trace } = explore(prepare(scenario('concurrent.ts', ['upgrader', 'upgrader'], ', listLag: [150, 150]', '{ mode: systematic, preemptionsMax: 1, runs: 20000 }')), null);
    expect(result.verdict).toBe('violation');
    const effects = trace!.steps.map((step) => step.effect?.kind ?? null);
    expect(effects).toContain('all');
    expect(effects).toContain('date');
    expect(effects).toContain('wait');
    const notes = trace!.steps.map((step) => step.note ?? '').join('\n');
    expect(notes).toContain('store.list("locks/sync") and store.list("locks/exclusive")');
    expect(notes).toContain('store.remoteDate()');
    expect(notes).toContain('clock.sleep(100)');
    expect(notes).toContain('store.get("locks/exclusive_A")');
    // The body holds the remote date and the local clock in ms since the epoch: both in 2026.
    const put = trace!.steps.find((step) => step.effect?.kind === 'put' && step.client === 'A');
    const body = JSON.parse((put!.effect as { body: string }).body) as { at: number; local: number };
    expect(new Date(body.at).getUTCFullYear()).toBe(2026);
    expect(new Date(body.local).getUTCFullYear()).toBe(2026);
    expect(replayTrace(trace!).same).toBe(true);
  });

  test('with lists that lag less than the sleep, one preemption finds nothing', () => {
    const { result } = explore(prepare(scenario('concurrent.ts', ['upgrader', 'upgrader'], ', listLag: [0, 2]', '{ mode: systematic, preemptionsMax: 1, runs: 20000 }')), null);
    expect(result.verdict).toBe('incomplete');
    expect(result.incompleteReason).toContain('up to 1 preemptions');
  });
});

describe('stopping at visited points', () => {
  test.each([
    ['checkThenPut.ts', ''],
    ['concurrent.ts', ', listLag: [150, 150]'],
    ['concurrent.ts', ', listLag: [0, 3]'],
  ])('%s%s: the same verdict and counterexample length with it off (reduce: false), and no more schedules', (module, store) => {
    const on = explore(prepare(scenario(module, ['upgrader', 'upgrader'], store, '{ mode: systematic, preemptionsMax: 2, runs: 100000 }')), null).result;
    const off = explore(prepare(scenario(module, ['upgrader', 'upgrader'], store, '{ mode: systematic, preemptionsMax: 2, runs: 100000, reduce: false }')), null).result;
    expect(on.verdict).toBe(off.verdict);
    expect(on.counterexample?.steps).toBe(off.counterexample?.steps);
    expect(on.stats.runs).toBeLessThanOrEqual(off.stats.runs);
  });
});

describe('fuzzing real code', () => {
  test('fuzz finds the race, shrinks the scenario with systematic search as judge, and its trace replays', async () => {
    const { fuzzScenario } = await import('../../../sim/fuzz/fuzzScenario.ts');
    const { minimalReproduction } = await import('../../../sim/fuzz/minimalReproduction.ts');
    const base = loadScenarioText(
      'implementation: { module: ./checkThenPut.ts }\nclients:\n  - { id: A, role: upgrader, start: [0, 3] }\n  - { id: B, role: upgrader, start: [0, 3] }\nstore: { latency: [1, 3] }\nexplore: { mode: random, runs: 100 }\nfuzz: { clients: [2, 3], latency: [1, 4] }\n',
      join(fixtures, 'fuzz.yaml'),
    );
    const result = fuzzScenario(base, base.fuzz!, { seed: '1', path: null, budget: { runs: 20, timeMs: null } });
    expect(result.found).not.toBeNull();
    const reproduction = minimalReproduction(result.found!, base, base.fuzz!, 'fuzz minimal', join(fixtures, 'fuzz.min.yaml'));
    expect(reproduction.foundBy).toBe('systematic');
    expect(reproduction.scenario.clients).toHaveLength(2);
    expect(replayTrace(reproduction.trace).same).toBe(true);
  });
});
