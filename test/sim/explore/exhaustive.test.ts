// The exhaustive explorer on models small enough to count by hand. Each
// count is worked out in a comment: the states are the distinct canonical
// encodings (times relative to the next due tick, so runs that differ only by
// a time shift merge; every world where all clients are done is one terminal
// state), and the simulator's partial-order reduction, on whenever the
// latency is at least one tick, defers free events (invisible steps and
// commuting commits) until only free events are due, then runs them one at a
// time, so their orderings are not separate states. These simulators get no
// property guard, so local steps are not fused.

import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import type { Effect, ListedFile, Protocol, SafetyProperty } from '../../../model/index.ts';
import { enumerateChoices } from '../../../sim/engine/enumerateChoices.ts';
import type { World } from '../../../sim/engine/world.ts';
import { firstViolation } from '../../../sim/explore/checkProperties.ts';
import { smallScenario } from '../../fixtures/arbitraries.ts';
import { mutualExclusion } from '../../../model/properties.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { exploreExhaustive } from '../../../sim/explore/exhaustive.ts';
import { buildTrace } from '../../../sim/trace/buildTrace.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { pendingLockScenario, safe, testScenario, violating } from '../../fixtures/scenarios.ts';

const noOptions = z.object({}).strict();
const done: Effect = { kind: 'done', outcome: 'finished' };

/** Each client puts one file (its own, or a shared one), then stops. */
function putOnce(shared: boolean): Protocol<Record<string, never>, { pc: number }> {
  return {
    name: 'put-once',
    summary: 'one put, then done',
    roles: ['client'],
    sections: ['exclusive'],
    options: noOptions,
    init: () => ({ pc: 0 }),
    step(state, _input, context) {
      if (state.pc === 0) return { state: { pc: 1 }, effect: { kind: 'put', name: shared ? 'f' : `f-${context.id}`, body: context.id } };
      return { state: { pc: 2 }, effect: done };
    },
    describe: (state) => `pc ${state.pc}`,
    declares: { timeShiftInvariant: true },
  };
}

/** Each client enters a section, leaves it, and stops: no store at all. */
function enterExit(section: 'exclusive' | 'sync'): Protocol<Record<string, never>, { pc: number }> {
  return {
    name: 'enter-exit',
    summary: 'enter, exit, done',
    roles: ['client'],
    sections: ['exclusive', 'sync'],
    options: noOptions,
    init: () => ({ pc: 0 }),
    step(state) {
      const effects: Effect[] = [{ kind: 'enter', section }, { kind: 'exit', section }, done];
      return { state: { pc: state.pc + 1 }, effect: effects[state.pc]! };
    },
    describe: (state) => `pc ${state.pc}`,
    declares: { timeShiftInvariant: true },
  };
}

/** A naive lock: list; if another client's lock is listed, give up; else put a lock and enter. */
const naiveLock: Protocol<Record<string, never>, { pc: string }> = {
  name: 'naive-lock',
  summary: 'check, then put',
  roles: ['client'],
  sections: ['exclusive'],
  options: noOptions,
  init: () => ({ pc: 'start' }),
  step(state, input, context) {
    switch (state.pc) {
      case 'start':
        return { state: { pc: 'listed' }, effect: { kind: 'list', prefix: 'lock-' } };
      case 'listed': {
        const files = input.reply?.kind === 'listed' ? input.reply.files : [];
        if (files.some((file: ListedFile) => file.owner !== context.id)) return { state: { pc: 'end' }, effect: { kind: 'done', outcome: 'gave-up' } };
        return { state: { pc: 'posted' }, effect: { kind: 'put', name: `lock-${context.id}`, body: null } };
      }
      case 'posted':
        return { state: { pc: 'in' }, effect: { kind: 'enter', section: 'exclusive' } };
      case 'in':
        return { state: { pc: 'out' }, effect: { kind: 'exit', section: 'exclusive' } };
      default:
        return { state: { pc: 'end' }, effect: done };
    }
  },
  describe: (state) => state.pc,
  declares: { timeShiftInvariant: true },
};

function explore(scenario: Scenario, protocol: Protocol, properties = [mutualExclusion], maxStates = 10_000, maxDepth = 100) {
  return exploreExhaustive(new Simulator(scenario, protocol), properties, { maxStates, maxDepth });
}

const twoClients = (store: Partial<Scenario['store']> = {}) => testScenario({ clients: [{ id: 'A' }, { id: 'B' }], store });

describe('exhaustive state counts, by hand', () => {
  test('one client, one put, latency 1: 4 states', () => {
    // ready@0 -> sent (commit due at 1) -> replying (reply due at 2) -> done. Every choice is forced.
    const result = explore(testScenario({ clients: [{ id: 'A' }] }), putOnce(false), []);
    expect(result.verdict).toBe('safe');
    expect(result.stats).toMatchObject({ states: 4, transitions: 3, depth: 3 });
  });

  test('one client starting anywhere in [0, 2]: the 3 initial states are one (4 states)', () => {
    // Init: the client is due at 0, 1 or 2; time is relative to the next due
    // tick, so the three are the same state. Then sent, replying, terminal.
    const result = explore(testScenario({ clients: [{ id: 'A', start: [0, 2] }] }), putOnce(false), []);
    expect(result.stats).toMatchObject({ states: 4, transitions: 3 });
  });

  test('the same with timestamp resolution 2: merged only when start ticks agree modulo 2 (7 states)', () => {
    // A state also records its next due tick mod 2 (the store rounds mtimes
    // to even ticks), so starts 0 and 2 merge but 1 stays apart: 2 states
    // each for init, sent and replying, and one terminal state. 2 + 2 + 2 + 1.
    const result = explore(testScenario({ clients: [{ id: 'A', start: [0, 2] }], store: { timestampResolution: 2 } }), putOnce(false), []);
    expect(result.stats).toMatchObject({ states: 7 });
  });

  test('two clients, own files, latency 1: 7 states, with reduction', () => {
    // t0: A's step, then B's, each invisible, run alone: 2 new states.
    // t1: the two puts name different files, so they commute: A commits,
    //     then B, alone: 2 states. t2: A's done, then B's: 2 states.
    // 1 + 2 + 2 + 2 = 7, a single path.
    const result = explore(twoClients(), putOnce(false), []);
    expect(result.stats).toMatchObject({ states: 7, transitions: 6, depth: 6 });
  });

  test('two clients, one shared file, latency 1: 10 states', () => {
    // As above up to both sent (3 states). t1: the puts conflict (same
    // file), so the order is a choice: 2 states. Then the other commits: 2
    // states that differ in who wrote the surviving version (the older is
    // pruned, as everyone sees the newer). Then A's done: 2 states; then
    // B's: the terminal state, one for both orders.
    // 3 + 2 + 2 + 2 + 1 = 10; 10 transitions.
    const result = explore(twoClients(), putOnce(true), []);
    expect(result.stats).toMatchObject({ states: 10, transitions: 10, depth: 6 });
  });

  test('two clients, own files, latency 0 (no reduction): 16 states', () => {
    // Every event happens at tick 0 and every ordering is explored. Each
    // client is ready, sent, replying or done (its file exists from
    // replying on, always the same version): 4 x 4 = 16 states. From each,
    // one transition per client not done: 2 x (3 x 4) = 24.
    const result = explore(twoClients({ latency: [0, 0] }), putOnce(false), []);
    expect(result.verdict).toBe('safe');
    expect(result.stats).toMatchObject({ states: 16, transitions: 24, depth: 6 });
  });

  test('two clients, one shared file, latency 0: 19 states', () => {
    // As above, but once both have committed (4 phase pairs), the surviving
    // version's writer tells the two orders apart: 12 + 4 x 2 = 20, less
    // one: with both done, the two orders are the one terminal state.
    const result = explore(twoClients({ latency: [0, 0] }), putOnce(true), []);
    expect(result.stats).toMatchObject({ states: 19 });
  });

  test('two clients that enter and exit sync, latency 1: 9 states', () => {
    // Per client: 0 (about to enter), 1 (in, about to exit), d (done: an
    // event runs on through an exit, so exit and done are one event; not
    // through an enter whose next step is an exit, so 1 is a state). Entering
    // and leaving are visible, so their order is explored: all 3 x 3 pairs.
    const result = explore(twoClients(), enterExit('sync'), []);
    expect(result.stats).toMatchObject({ states: 9 });
    expect(result.reached).toStrictEqual({ A: true, B: true });
  });

  test('the same with latency 0, where reduction is off: the same 9 states', () => {
    const result = explore(twoClients({ latency: [0, 0] }), enterExit('sync'), []);
    expect(result.stats).toMatchObject({ states: 9 });
  });

  test('entering exclusive marks the holder it supersedes: 12 states, with or without reduction', () => {
    // As with sync, but whoever enters exclusive second supersedes the first
    // (fenced writes need to know), and the mark stays until the superseded
    // client leaves: (1, 1) splits into (1*, 1) and (1, 1*), and the mark
    // survives the other client leaving: (1*, d) besides (1, d), and its
    // mirror image. 9 + 1 + 2 = 12.
    expect(explore(twoClients(), enterExit('exclusive'), []).stats.states).toBe(12);
    expect(explore(twoClients({ latency: [0, 0] }), enterExit('exclusive'), []).stats.states).toBe(12);
  });

  test('init choices are states too: a skew range of 2 doubles the one-client count, up to the terminal state', () => {
    // Skew is part of the state (it decides future clocks), so runs with skew 0 and 1 never merge until both are done.
    const result = explore(testScenario({ clients: [{ id: 'A' }], store: { clockSkew: [0, 1] } }), putOnce(false), []);
    expect(result.stats).toMatchObject({ states: 7 });
  });
});

describe('exhaustive counterexamples: shortest, by hand', () => {
  test('enter/exit: both clients in the section after 2 steps', () => {
    // (0, 0) -> (1, 0) -> (1, 1): no shorter path has two holders.
    const result = explore(twoClients(), enterExit('exclusive'));
    expect(result.verdict).toBe('violation');
    expect(result.counterexample).toMatchObject({ property: 'mutualExclusion', message: 'A and B hold EXCLUSIVE at once', steps: 2, run: null });
    expect(result.stats.depth).toBe(2);
  });

  test('naive lock: 10 steps, every one of them needed', () => {
    // Each client needs 5 events to enter: its list step, the list's
    // commit, its put step, the put's commit, its enter step. Both must
    // enter, and no event serves both: 10.
    const result = explore(twoClients(), naiveLock);
    expect(result.verdict).toBe('violation');
    expect(result.counterexample!.steps).toBe(10);
  });

  test('the counterexample answers rebuild a run that ends in the violation', () => {
    const sim = new Simulator(twoClients(), naiveLock);
    const result = exploreExhaustive(sim, [mutualExclusion], { maxStates: 10_000, maxDepth: 100 });
    const example = result.counterexample!;
    const trace = buildTrace(sim, [mutualExclusion], example.answers, example.steps, { scenarioFile: null, mode: 'exhaustive', seed: null, run: null });
    expect(trace.violation).toMatchObject({ step: 10, property: 'mutualExclusion', holders: [{ client: 'A', section: 'exclusive' }, { client: 'B', section: 'exclusive' }] });
  });

  test('a lone client cannot break mutual exclusion: safe', () => {
    const result = explore(testScenario({ clients: [{ id: 'A' }] }), naiveLock);
    expect(result.verdict).toBe('safe');
    expect(result.counterexample).toBeNull();
  });
});

describe('exhaustive limits are reported, never silent', () => {
  test('maxStates: reaching it makes the verdict incomplete, even when nothing was left', () => {
    // The 7-state model: with room for 8 it is proved safe; at exactly 7 the
    // search stops as soon as the 7th is stored and cannot know it was the last.
    expect(explore(twoClients(), putOnce(false), [], 8).verdict).toBe('safe');
    const bounded = explore(twoClients(), putOnce(false), [], 7);
    expect(bounded).toMatchObject({ verdict: 'incomplete', incompleteReason: 'stopped at maxStates (7)', counterexample: null });
    expect(explore(twoClients(), putOnce(false), [], 3)).toMatchObject({ verdict: 'incomplete', stats: { states: 3 } });
  });

  test('maxDepth: paths up to maxDepth steps are explored, longer ones reported', () => {
    // The 7-state model is one path of 6 steps.
    expect(explore(twoClients(), putOnce(false), [], 100, 6).verdict).toBe('safe');
    expect(explore(twoClients(), putOnce(false), [], 100, 5)).toMatchObject({ verdict: 'incomplete', incompleteReason: 'stopped at maxDepth (5)' });
  });

  test('a violation exactly at maxDepth is still found', () => {
    expect(explore(twoClients(), naiveLock, [mutualExclusion], 10_000, 10).verdict).toBe('violation');
    expect(explore(twoClients(), naiveLock, [mutualExclusion], 10_000, 9).verdict).toBe('incomplete');
  });

  test('rejects limits that are not positive', () => {
    expect(() => explore(twoClients(), putOnce(false), [], 0)).toThrow('exhaustive: maxStates must be positive');
    expect(() => explore(twoClients(), putOnce(false), [], 10, 0)).toThrow('exhaustive: maxDepth must be positive');
  });
});

/**
 * An independent breadth-first search over the same successor function,
 * keyed by the full canonical encoding (no 64-bit fingerprints, no parent
 * links): the number of distinct states, and the least depth of a state that
 * breaks a property. Null when it grows past `maxStates`.
 */
function referenceSearch(sim: Simulator, properties: readonly SafetyProperty[], maxStates: number, maxDepth: number): { states: number; violationDepth: number | null } | null {
  const encoder = sim.encoder();
  const seen = new Set<string>();
  let frontier: World[] = [];
  const visit = (world: World, into: World[]) => {
    const key = Array.from(encoder.encode(world)).join(',');
    if (seen.has(key)) return;
    seen.add(key);
    into.push(world);
  };
  enumerateChoices((chooser) => sim.init(chooser), (world) => visit(world, frontier));
  let violationDepth: number | null = null;
  for (let depth = 0; frontier.length > 0; depth += 1) {
    const next: World[] = [];
    for (const world of frontier) {
      if (firstViolation(world, sim.clientIds, properties) !== null) {
        violationDepth ??= depth;
        continue;
      }
      if (depth === maxDepth || sim.isFinished(world)) continue;
      enumerateChoices((chooser) => sim.step(world, chooser), (successor) => visit(successor, next));
      if (seen.size > maxStates) return null;
    }
    frontier = next;
  }
  return { states: seen.size, violationDepth };
}

describe('exhaustive against an independent reference search', () => {
  let compared = 0;
  test.prop([smallScenario({ clientsMax: 2, faults: true })], { numRuns: 30 })(
    'stores exactly the states a plain breadth-first search reaches, and its counterexample is as short as the shortest path to a violation',
    (scenario) => {
      const { sim, properties } = prepare(scenario);
      const reference = referenceSearch(sim, properties, 20_000, scenario.explore.maxDepth);
      if (reference === null) return;
      const all = exploreExhaustive(prepare(scenario).sim, [], { maxStates: 20_001, maxDepth: scenario.explore.maxDepth });
      const referenceAll = referenceSearch(prepare(scenario).sim, [], 20_000, scenario.explore.maxDepth);
      if (referenceAll !== null && all.verdict !== 'incomplete') expect(all.stats.states).toBe(referenceAll.states);
      const checked = exploreExhaustive(sim, properties, { maxStates: 20_001, maxDepth: scenario.explore.maxDepth });
      if (checked.verdict === 'incomplete') return;
      expect(checked.counterexample?.steps ?? null).toBe(reference.violationDepth);
      compared += 1;
    },
  );

  test('the comparison above was made on most scenarios (it is not vacuous)', () => {
    expect(compared).toBeGreaterThanOrEqual(15);
  });
});

describe('exhaustive on pending-lock fixtures', () => {
  test.each(Object.entries(violating))('%s: a violation of the expected property', (name, { property, body }) => {
    const { sim, properties } = prepare(pendingLockScenario(name, body));
    const result = exploreExhaustive(sim, properties, { maxStates: 200_000, maxDepth: 300 });
    expect(result.verdict).toBe('violation');
    expect(result.counterexample!.property).toBe(property);
  });

  test.each(Object.entries(safe))('%s: safe, every client reached its section', (name, body) => {
    const { sim, properties } = prepare(pendingLockScenario(name, body));
    const result = exploreExhaustive(sim, properties, { maxStates: 200_000, maxDepth: 300 });
    expect(result.verdict).toBe('safe');
    expect(Object.values(result.reached).every(Boolean)).toBe(true);
  });

  test('the same search twice gives the same stats and counterexample', () => {
    const scenario = pendingLockScenario('listLag', violating.listLag.body);
    const first = prepare(scenario);
    const second = prepare(scenario);
    const limits = { maxStates: 200_000, maxDepth: 300 };
    expect(JSON.stringify(exploreExhaustive(second.sim, second.properties, limits))).toBe(JSON.stringify(exploreExhaustive(first.sim, first.properties, limits)));
  });
});
