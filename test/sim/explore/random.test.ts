import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { runSeed } from '../../../sim/engine/randomChooser.ts';
import { exploreRandom, randomRun } from '../../../sim/explore/random.ts';
import { pendingLockScenario, safe, violating } from '../../fixtures/scenarios.ts';

const listLag = () => prepare(pendingLockScenario('listLag', violating.listLag.body));

describe('randomRun', () => {
  test('the same seed gives the same run; its answers alone reproduce it', () => {
    const { sim, properties } = listLag();
    const reached = [false, false];
    const first = randomRun(sim, properties, '7/3', 300, reached);
    const second = randomRun(prepare(sim.scenario).sim, properties, '7/3', 300, [false, false]);
    expect(second).toStrictEqual(first);
    expect(first.answers.length).toBeGreaterThan(0);
  });

  test('stops at the first violation, or when every client is done, or at maxDepth', () => {
    const { sim, properties } = listLag();
    const outcomes = Array.from({ length: 40 }, (_, run) => randomRun(sim, properties, runSeed('1', run), 300, [false, false]));
    for (const outcome of outcomes) {
      if (outcome.violation !== null) expect(outcome.truncated).toBe(false);
    }
    expect(outcomes.some((outcome) => outcome.violation !== null)).toBe(true);
    const short = randomRun(sim, properties, '1/0', 3, [false, false]);
    expect(short).toMatchObject({ steps: 3, violation: null, truncated: true });
  });

  test('marks the clients that entered a section', () => {
    const { sim, properties } = prepare(pendingLockScenario('serverStrong', safe.serverStrong));
    const reached = [false, false];
    for (let run = 0; run < 30; run += 1) randomRun(sim, properties, runSeed('3', run), 300, reached);
    expect(reached).toStrictEqual([true, true]);
  });
});

describe('exploreRandom', () => {
  test('finds a violation, and names the run whose seed reproduces it alone', () => {
    const { sim, properties } = listLag();
    const result = exploreRandom(sim, properties, { runs: 500, maxDepth: 300, seed: '1' });
    expect(result.verdict).toBe('violation');
    const example = result.counterexample!;
    expect(example.property).toBe('mutualExclusion');
    expect(example.run).not.toBeNull();
    expect(result.stats.runs).toBe(example.run! + 1);
    const alone = randomRun(sim, properties, runSeed('1', example.run!), 300, [false, false]);
    expect(alone.answers).toStrictEqual(example.answers);
    expect(alone.steps).toBe(example.steps);
  });

  test('with no violation found, the verdict is incomplete: random search proves nothing', () => {
    const { sim, properties } = prepare(pendingLockScenario('serverStrong', safe.serverStrong));
    const result = exploreRandom(sim, properties, { runs: 50, maxDepth: 300, seed: '1' });
    expect(result).toMatchObject({ verdict: 'incomplete', counterexample: null, incompleteReason: 'random mode found no violation in 50 runs, which proves nothing' });
    expect(result.stats.runs).toBe(50);
    expect(result.stats.states).toBe(result.stats.transitions + 50);
  });

  test('runs cut off by maxDepth are counted in the reason', () => {
    const { sim, properties } = prepare(pendingLockScenario('serverStrong', safe.serverStrong));
    const result = exploreRandom(sim, properties, { runs: 4, maxDepth: 2, seed: '1' });
    expect(result.incompleteReason).toBe('random mode found no violation in 4 runs, which proves nothing; 4 runs stopped at maxDepth (2)');
    expect(result.stats.depth).toBe(2);
  });

  test('the same seed gives byte-identical results; another seed explores other runs', () => {
    const first = listLag();
    const second = listLag();
    const limits = { runs: 500, maxDepth: 300, seed: '11' };
    const one = exploreRandom(first.sim, first.properties, limits);
    expect(JSON.stringify(exploreRandom(second.sim, second.properties, limits))).toBe(JSON.stringify(one));
    const other = exploreRandom(second.sim, second.properties, { ...limits, seed: '12' });
    expect(other.counterexample?.answers).not.toStrictEqual(one.counterexample?.answers);
  });

  test('rejects a run count that is not positive', () => {
    const { sim, properties } = listLag();
    expect(() => exploreRandom(sim, properties, { runs: 0, maxDepth: 10, seed: '1' })).toThrow('random: runs must be positive');
  });
});
