// Random exploration: `runs` independent runs, run i driven by the seed
// `<seed>/<i>`, so a violation is reproduced by its seed and run index alone.
// It finds deep bugs cheaply and proves nothing: with no violation found the
// verdict stays `incomplete`.

import type { SafetyProperty } from '../../model/index.ts';
import { RecordingChooser } from '../engine/chooser.ts';
import { RandomChooser, runSeed } from '../engine/randomChooser.ts';
import { ProtocolFault } from '../engine/simulator.ts';
import type { Simulator } from '../engine/simulator.ts';
import { firstViolation, markReached } from './checkProperties.ts';
import type { ExploreResult, Progress } from './exploreResult.ts';
import type { Chooser } from '../engine/chooser.ts';
import type { Scheduler } from '../scenario/scenario.ts';
import { runChoosers } from './runChoosers.ts';

export type RandomLimits = { runs: number; maxDepth: number; seed: string; scheduler?: Scheduler | undefined; pctDepth?: number | undefined };

const progressEveryRuns = 256;

export type RunOutcome = {
  violation: { property: string; message: string } | null;
  answers: number[];
  steps: number;
  truncated: boolean;
};

/** One random run from its own seed; `scheduler`, when given, answers instead of a uniform chooser (it is made from the same seed). */
export function randomRun(
  sim: Simulator,
  properties: readonly SafetyProperty[],
  seed: string,
  maxDepth: number,
  reached: boolean[],
  scheduler: Chooser = new RandomChooser(seed),
): RunOutcome {
  const chooser = new RecordingChooser(scheduler);
  let world = sim.init(chooser);
  markReached(world, reached);
  let violation = firstViolation(world, sim.clientIds, properties);
  let steps = 0;
  while (violation === null && steps < maxDepth && !sim.isFinished(world)) {
    try {
      world = sim.step(world, chooser);
    } catch (error) {
      if (error instanceof ProtocolFault) error.where = `at step ${steps + 1} of the random run with seed ${seed}`;
      throw error;
    }
    steps += 1;
    markReached(world, reached);
    violation = firstViolation(world, sim.clientIds, properties);
  }
  return { violation, answers: chooser.answers, steps, truncated: violation === null && !sim.isFinished(world) };
}

export function exploreRandom(
  sim: Simulator,
  properties: readonly SafetyProperty[],
  limits: RandomLimits,
  onProgress?: (progress: Progress) => void,
): ExploreResult {
  if (!(limits.runs >= 1)) throw new Error('random: runs must be positive');
  const reached = sim.clientIds.map(() => false);
  let states = 0;
  let depth = 0;
  let truncatedRuns = 0;
  const chooserOf = runChoosers(sim, properties, limits);
  for (let run = 0; run < limits.runs; run += 1) {
    const outcome = randomRun(sim, properties, runSeed(limits.seed, run), limits.maxDepth, reached, chooserOf(run));
    states += outcome.steps + 1;
    depth = Math.max(depth, outcome.steps);
    if (outcome.truncated) truncatedRuns += 1;
    const stats = { states, transitions: states - (run + 1), runs: run + 1, depth, storedBytes: 0, workers: 1 };
    const reachedById = Object.fromEntries(sim.clientIds.map((id, index) => [id, reached[index]!]));
    if (outcome.violation !== null) {
      return {
        verdict: 'violation',
        counterexample: { ...outcome.violation, answers: outcome.answers, steps: outcome.steps, run },
        incompleteReason: null,
        reached: reachedById,
        stats,
      };
    }
    if (run === limits.runs - 1) {
      const truncated = truncatedRuns > 0 ? `; ${truncatedRuns} runs stopped at maxDepth (${limits.maxDepth})` : '';
      return {
        verdict: 'incomplete',
        counterexample: null,
        incompleteReason: `random mode found no violation in ${limits.runs} runs, which proves nothing${truncated}`,
        reached: reachedById,
        stats,
      };
    }
    if (onProgress && (run + 1) % progressEveryRuns === 0) onProgress({ states, transitions: stats.transitions, depth, runs: run + 1 });
  }
  throw new Error('random: unreachable');
}
