// The timer beside a client's main flow (arm / disarm / end effects,
// sim/engine/timerFlow.ts and the simulator): hand-made schedules of a
// two-flow script protocol, every choice given, so that each tick can be
// worked out by hand; then the faults a protocol gets for breaking the rules.

import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { Effect, Protocol, Reply } from '../../../model/index.ts';
import { ReplayChooser } from '../../../sim/engine/chooser.ts';
import { ProtocolFault, Simulator, type EventRecord } from '../../../sim/engine/simulator.ts';
import type { World } from '../../../sim/engine/world.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import { parseTrace } from '../../../sim/trace/loadTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { QuestionLog } from '../../fixtures/questionLog.ts';

/** Each client plays `main` on its main flow and `timer` on its timer's, one effect per step; the state logs what each flow saw. */
type TwoFlowState = { main: number; timer: number; seen: { flow: string; clockTicks: number; reply: Reply | null }[] };

function twoFlows(main: readonly Effect[], timer: readonly Effect[]): Protocol<Record<string, unknown>, TwoFlowState> {
  return {
    name: 'two-flows',
    summary: 'plays one script on the main flow and one on the timer',
    roles: ['client'],
    sections: ['exclusive'],
    options: z.record(z.string(), z.unknown()),
    init: () => ({ main: 0, timer: 0, seen: [] }),
    step(state, input) {
      const flow = input.activity ?? 'main';
      const seen = [...state.seen, { flow, clockTicks: input.clockTicks, reply: input.reply }];
      if (flow === 'timer') return { state: { ...state, timer: state.timer + 1, seen }, effect: timer[state.timer] ?? { kind: 'end' } };
      return { state: { ...state, main: state.main + 1, seen }, effect: main[state.main] ?? { kind: 'done', outcome: 'finished' } };
    },
    describe: (state) => `main at ${state.main}, timer at ${state.timer}`,
  };
}


type Run = { world: World; events: EventRecord[]; asked: string[] };

function runOn(scenario: Scenario, protocol: Protocol, answers: number[]): Run {
  const sim = new Simulator(scenario, protocol, { reduce: false });
  const replay = new ReplayChooser(answers);
  const chooser = new QuestionLog(replay);
  let world = sim.init(chooser);
  const events: EventRecord[] = [];
  for (let steps = 0; !sim.isFinished(world); steps += 1) {
    if (steps >= 50) throw new Error('test run did not finish');
    world = sim.step(world, chooser, events);
  }
  expect(replay.consumed, `answers consumed; questions were: ${chooser.asked.join(', ')}`).toBe(answers.length);
  return { world, events, asked: chooser.asked };
}

/** Each event as [tick, flow, kind, effect or request kind]. */
function timeline(run: Run): (string | number)[][] {
  return run.events.map((event) => [event.tick, event.timer ? 'timer' : 'main', event.kind, (event.kind === 'commit' ? event.request?.kind : event.effect?.kind) ?? '-']);
}

const one = testScenario({ clients: [{ id: 'A' }] });
const put: Effect = { kind: 'put', name: 'locks/A', body: 'A' };

describe('a timer runs beside the main flow', () => {
  test('armed for 2 ticks, its handler steps at t=2, sends, and ends on its reply while the main flow waits', () => {
    const protocol = twoFlows([{ kind: 'arm', afterTicks: 2 }, { kind: 'wait', ticks: 5 }], [put]);
    // skew, start, then one event at a time (each asked among the due ones), the put's legs and lag.
    const run = runOn(one, protocol, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(timeline(run)).toStrictEqual([
      [0, 'main', 'step', 'arm'],
      [2, 'timer', 'step', 'put'],
      [3, 'timer', 'commit', 'put'],
      [4, 'timer', 'step', 'end'],
      [5, 'main', 'step', 'done'],
    ]);
    const state = run.world.clients[0]!.protocolState as TwoFlowState;
    expect(state.seen.map((seen) => [seen.flow, seen.clockTicks, seen.reply?.kind ?? null])).toStrictEqual([
      ['main', 0, null],
      ['main', 0, null],
      ['timer', 2, null],
      ['timer', 4, 'ok'],
      ['main', 5, null],
    ]);
    expect(run.world.files.map((file) => file.name)).toStrictEqual(['locks/A']);
  });

  test('the main flow done: an armed timer never fires', () => {
    const run = runOn(one, twoFlows([{ kind: 'arm', afterTicks: 5 }], [put]), [0, 0, 0]);
    expect(timeline(run)).toStrictEqual([[0, 'main', 'step', 'arm']]);
    expect(run.world.clients[0]!.timer).toBeNull();
    expect(run.world.files).toStrictEqual([]);
  });

  test('disarm cancels an armed timer', () => {
    const run = runOn(one, twoFlows([{ kind: 'arm', afterTicks: 5 }, { kind: 'disarm' }, { kind: 'wait', ticks: 9 }], [put]), [0, 0, 0, 0]);
    // arm, disarm and the wait are one event (local steps run on); the timer never fires.
    expect(timeline(run)).toStrictEqual([[0, 'main', 'step', 'arm'], [9, 'main', 'step', 'done']]);
    expect(run.events[0]!.then.map((next) => next.effect.kind)).toStrictEqual(['disarm', 'wait']);
    expect(run.world.files).toStrictEqual([]);
  });

  test('a handler that arms again runs once per period, until the main flow is done', () => {
    const again: Effect = { kind: 'arm', afterTicks: 3 };
    const run = runOn(one, twoFlows([{ kind: 'arm', afterTicks: 3 }, { kind: 'wait', ticks: 7 }], [again, again, again]), [0, 0, 0, 0, 0, 0]);
    expect(timeline(run)).toStrictEqual([
      [0, 'main', 'step', 'arm'],
      [3, 'timer', 'step', 'arm'],
      [6, 'timer', 'step', 'arm'],
      [7, 'main', 'step', 'done'],
    ]);
  });

  test('both flows due at once: which runs first is a choice, and the two orders differ', () => {
    // Main waits until t=2; the timer fires at t=2 too.
    const protocol = twoFlows([{ kind: 'arm', afterTicks: 2 }, { kind: 'wait', ticks: 2 }], [{ kind: 'end' }]);
    const mainFirst = runOn(one, protocol, [0, 0, 0, 0]);
    expect(mainFirst.asked).toContain('next event 0/2');
    // Main first: it is done before the timer fires, so the timer never does.
    expect(timeline(mainFirst).map((row) => row[1])).toStrictEqual(['main', 'main']);
    const timerFirst = runOn(one, protocol, [0, 0, 0, 1, 0]);
    expect(timeline(timerFirst).map((row) => row[1])).toStrictEqual(['main', 'timer', 'main']);
  });

  test('a pause spent on the main flow holds the timer handler\'s reply until it ends', () => {
    const paused = testScenario({ clients: [{ id: 'A' }] });
    const withPause: Scenario = { ...paused, faults: { pauses: 1, pause: [4, 4], crashes: 0 } };
    // Main: arm 1, wait 1 (due t=1 with the timer). At t=1 the timer goes first and sends its put
    // (commit t=2, reply leg 1: t=3); then the main step is paused 4 ticks (to t=5): the reply waits.
    const protocol = twoFlows([{ kind: 'arm', afterTicks: 1 }, { kind: 'wait', ticks: 1 }, { kind: 'wait', ticks: 1 }], [put]);
    // skew, start; t=0: arm, wait (each its own event while a fault is left); t=1: the timer first, its put sent;
    // the main step paused; t=2: the commit (lag, reply leg); t=5: the main flow first, then the handler's reply.
    const run = runOn(withPause, protocol, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    const rows = timeline(run);
    expect(rows).toContainEqual([1, 'main', 'pause', '-']);
    const handlerReply = rows.find((row) => row[1] === 'timer' && row[3] === 'end');
    expect(handlerReply?.[0]).toBe(5);
  });
});

describe('the rules, enforced as protocol faults', () => {
  test.each([
    ['enter', { kind: 'enter', section: 'exclusive' }],
    ['exit', { kind: 'exit', section: 'exclusive' }],
    ['done', { kind: 'done', outcome: 'finished' }],
    ['disarm', { kind: 'disarm' }],
  ] as const)('a handler that returns %s', (kind, effect) => {
    expect(() => runOn(one, twoFlows([{ kind: 'arm', afterTicks: 1 }, { kind: 'wait', ticks: 5 }], [effect as Effect]), [0, 0, 0, 0, 0])).toThrow(
      new RegExp(`timer handler returned ${kind}, which only the main flow may`),
    );
  });

  test('a main flow that returns end', () => {
    expect(() => runOn(one, twoFlows([{ kind: 'end' }], []), [0, 0, 0])).toThrow(ProtocolFault);
  });

  test('a main flow that arms while the handler runs', () => {
    const protocol = twoFlows([{ kind: 'arm', afterTicks: 1 }, { kind: 'wait', ticks: 2 }, { kind: 'arm', afterTicks: 1 }], [{ kind: 'wait', ticks: 9 }]);
    expect(() => runOn(one, protocol, [0, 0, 0, 0, 0, 0, 0])).toThrow(/armed its timer while the timer's handler runs/);
  });

  test('arm needs whole afterTicks >= 1', () => {
    expect(() => runOn(one, twoFlows([{ kind: 'arm', afterTicks: 0 }], []), [0, 0, 0])).toThrow(/arm needs whole afterTicks >= 1/);
  });
});

describe('a timer in a whole search and its trace', () => {
  const file = 'test/fixtures/protocols/refresh-timer-lease.yaml';

  test('the shortest counterexample has the timer handler\'s put in it, and replays', () => {
    const { result, trace } = explore(prepare(loadScenario(file)), file);
    expect(result.verdict).toBe('violation');
    expect(result.counterexample!.steps).toBe(13);
    const timerSteps = trace!.steps.filter((step) => step.timer === true);
    expect(timerSteps.map((step) => step.action)).toContain('timer: put locks/LOCK-A');
    // At the violation, A's handler is running: its refresh put is on the wire.
    expect(trace!.steps.at(-1)!.clients[0]!.timer).toMatchObject({ phase: 'sent' });
    // The file round trip: what show, view and replay read.
    const reread = parseTrace(JSON.parse(JSON.stringify(trace)), 'refresh-timer-lease.trace.json');
    expect(replayTrace(reread)).toMatchObject({ same: true, steps: 13, property: 'mutualExclusion' });
  });
});
