// PCT as a chooser: priorities decide the next event, everything else is
// uniform, the answers replay, and its guarantee for depth-1 bugs shows.

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { RecordingChooser, type Chooser } from '../../../sim/engine/chooser.ts';
import { PctChooser, StepCounter } from '../../../sim/engine/pctChooser.ts';
import { prepare } from '../../../sim/engine/prepare.ts';
import { RandomChooser } from '../../../sim/engine/randomChooser.ts';
import { exploreRandom, randomRun } from '../../../sim/explore/random.ts';
import { pctStepsEstimate } from '../../../sim/explore/runChoosers.ts';
import { buildTrace } from '../../../sim/trace/buildTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import { pendingLockScenario, violating } from '../../fixtures/scenarios.ts';

/** A schedule question: `count` due clients, drawn from `clients` in index order. */
const dueSets = (clients: number) =>
  fc.array(fc.uniqueArray(fc.nat(clients - 1), { minLength: 1, maxLength: clients }).map((set) => set.sort((a, b) => a - b)), {
    minLength: 1,
    maxLength: 60,
  });

function choose(chooser: Chooser, due: readonly number[]): number {
  const answer = chooser.pick(due.length, 'next event', due);
  expect(Number.isInteger(answer) && answer >= 0 && answer < due.length).toBe(true);
  return due[answer]!;
}

describe('PctChooser', () => {
  test.prop([fc.string(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 50 }), dueSets(6)])(
    'is a function of its seed: the same seed answers the same questions the same way',
    (seed, clients, depth, steps, sets) => {
      const due = sets.map((set) => set.filter((client) => client < clients)).filter((set) => set.length > 0);
      const first = new PctChooser(seed, { clients, depth, stepsEstimate: steps });
      const second = new PctChooser(seed, { clients, depth, stepsEstimate: steps });
      for (const set of due) {
        expect(choose(second, set)).toBe(choose(first, set));
        expect(second.pick(7, 'latency')).toBe(first.pick(7, 'latency'));
      }
    },
  );

  test.prop([fc.string(), fc.integer({ min: 2, max: 6 }), dueSets(6)])(
    'with depth 1 (no change point) it is a fixed priority order: once x runs before y, y never runs before x',
    (seed, clients, sets) => {
      const chooser = new PctChooser(seed, { clients, depth: 1, stepsEstimate: 40 });
      const beats = new Set<string>();
      for (const set of sets.map((each) => each.filter((client) => client < clients)).filter((each) => each.length > 0)) {
        const winner = choose(chooser, set);
        for (const other of set) {
          if (other === winner) continue;
          expect(beats.has(`${other}>${winner}`)).toBe(false);
          beats.add(`${winner}>${other}`);
        }
      }
    },
  );

  test.prop([fc.string(), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 })])(
    'with depth d the running client is demoted at most d - 1 times: the order among always-due clients changes at most d - 1 times',
    (seed, clients, depth, steps) => {
      const chooser = new PctChooser(seed, { clients, depth, stepsEstimate: steps });
      const everyone = Array.from({ length: clients }, (_, index) => index);
      let changes = 0;
      let previous = -1;
      for (let step = 0; step < steps + 5; step += 1) {
        const winner = choose(chooser, everyone);
        if (previous !== -1 && winner !== previous) changes += 1;
        previous = winner;
      }
      expect(changes).toBeLessThanOrEqual(depth - 1);
    },
  );

  test('a forced choice draws nothing, and other questions are uniform over their range', () => {
    const chooser = new PctChooser('uniform', { clients: 2, depth: 2, stepsEstimate: 10 });
    const reference = new PctChooser('uniform', { clients: 2, depth: 2, stepsEstimate: 10 });
    expect(chooser.pick(1, 'lag')).toBe(0);
    const counts = [0, 0, 0];
    for (let draw = 0; draw < 3000; draw += 1) {
      const answer = chooser.pick(3, 'latency');
      expect(answer).toBe(reference.pick(3, 'latency'));
      counts[answer]! += 1;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  test('the guarantee for depth 1: each of n always-due clients runs first in about 1/n of the seeds', () => {
    const firsts = [0, 0, 0];
    for (let seed = 0; seed < 3000; seed += 1) {
      const chooser = new PctChooser(String(seed), { clients: 3, depth: 2, stepsEstimate: 20 });
      firsts[choose(chooser, [0, 1, 2])]! += 1;
    }
    for (const count of firsts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  test('rejects nonsense options and candidates that do not match the count', () => {
    expect(() => new PctChooser('1', { clients: 0, depth: 2, stepsEstimate: 5 })).toThrow();
    expect(() => new PctChooser('1', { clients: 2, depth: 0, stepsEstimate: 5 })).toThrow();
    expect(() => new PctChooser('1', { clients: 2, depth: 2, stepsEstimate: 0 })).toThrow();
    expect(() => new PctChooser('1', { clients: 2, depth: 2, stepsEstimate: 5 }).pick(2, 'next event', [0])).toThrow();
    expect(() => new PctChooser('1', { clients: 2, depth: 2, stepsEstimate: 5 }).pick(1, 'next event', [7])).toThrow();
  });
});

describe('PCT in the simulator and random mode', () => {
  const fixture = violating.checkThenPostSyncer;
  const scenario = pendingLockScenario('pct-sync-race', fixture.body, 'mode: random, runs: 3000, seed: 5, scheduler: pct, pctDepth: 3');

  test('the simulator hands the due clients, in index order, to the next-event question', () => {
    const { sim } = prepare(scenario);
    const seen: number[][] = [];
    const spy: Chooser = {
      pick(count, what, candidates) {
        if (what === 'next event') {
          expect(candidates).toBeDefined();
          expect(candidates!.length).toBe(count);
          seen.push([...candidates!]);
        } else {
          expect(candidates).toBeUndefined();
        }
        return 0;
      },
    };
    let world = sim.init(spy);
    for (let step = 0; step < 100 && !sim.isFinished(world); step += 1) world = sim.step(world, spy);
    expect(seen.length).toBeGreaterThan(0);
    for (const due of seen) expect(due).toStrictEqual([...due].sort((a, b) => a - b));
  });

  test('a PCT counterexample is plain positions: its trace replays with ReplayChooser, step for step', () => {
    const { sim, properties } = prepare(scenario);
    const result = exploreRandom(sim, properties, { runs: 3000, maxDepth: 300, seed: '5', scheduler: 'pct', pctDepth: 3 });
    expect(result.verdict).toBe('violation');
    const example = result.counterexample!;
    expect(example.property).toBe(fixture.property);
    const trace = buildTrace(sim, properties, example.answers, example.steps, { scenarioFile: null, mode: 'random', seed: '5', run: example.run });
    expect(replayTrace(trace)).toMatchObject({ same: true, property: fixture.property });
  });

  test('run i of a PCT search replays alone from its seed and index', () => {
    const { sim, properties } = prepare(scenario);
    const result = exploreRandom(sim, properties, { runs: 3000, maxDepth: 300, seed: '5', scheduler: 'pct', pctDepth: 3 });
    const run = result.counterexample!.run!;
    const steps = pctStepsEstimate(sim, properties, '5', 300);
    const again = randomRun(sim, properties, `5/${run}`, 300, sim.clientIds.map(() => false), new PctChooser(`5/${run}`, { clients: 2, depth: 3, stepsEstimate: steps }));
    expect(again.answers).toStrictEqual(result.counterexample!.answers);
  });

  test('the steps estimate counts next-event questions only, and is a function of the seed', () => {
    const { sim, properties } = prepare(scenario);
    const estimate = pctStepsEstimate(sim, properties, '9', 300);
    expect(estimate).toBe(pctStepsEstimate(sim, properties, '9', 300));
    const counter = new StepCounter(new RecordingChooser(new RandomChooser('x')));
    let world = sim.init(counter);
    while (!sim.isFinished(world)) world = sim.step(world, counter);
    expect(counter.steps).toBeGreaterThan(0);
    expect(counter.steps).toBeLessThanOrEqual(300);
  });
});
