// The chooser of each random run, from the scenario's scheduler. Every run's
// chooser depends only on the seed and the run index (and, for PCT, on a
// steps estimate that is itself a function of the seed), so that any one run
// replays alone.

import type { SafetyProperty } from '../../model/index.ts';
import type { Chooser } from '../engine/chooser.ts';
import { PctChooser, StepCounter, pctDepthMax } from '../engine/pctChooser.ts';
import { RandomChooser, runSeed } from '../engine/randomChooser.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { Scheduler } from '../scenario/scenario.ts';
import { firstViolation } from './checkProperties.ts';

export const defaultScheduler: Scheduler = 'uniform';
export const defaultPctDepth = 2;

/** Uniform runs that estimate PCT's k, the number of next-event questions in a run. */
const probeRuns = 16;

export type SchedulerSpec = { seed: string; maxDepth: number; scheduler?: Scheduler | undefined; pctDepth?: number | undefined };

/**
 * PCT's k: the most next-event questions in `probeRuns` uniform runs, each
 * from its own seed `<seed>/pct-probe/<i>`. Coyote takes it from the previous
 * iteration instead; that would make run i depend on run i - 1.
 */
export function pctStepsEstimate(sim: Simulator, properties: readonly SafetyProperty[], seed: string, maxDepth: number): number {
  let most = 1;
  for (let probe = 0; probe < probeRuns; probe += 1) {
    const counter = new StepCounter(new RandomChooser(`${seed}/pct-probe/${probe}`));
    let world = sim.init(counter);
    let steps = 0;
    while (steps < maxDepth && !sim.isFinished(world) && firstViolation(world, sim.clientIds, properties) === null) {
      world = sim.step(world, counter);
      steps += 1;
    }
    most = Math.max(most, counter.steps);
  }
  return most;
}

/** A function from run index to that run's chooser. */
export function runChoosers(sim: Simulator, properties: readonly SafetyProperty[], spec: SchedulerSpec): (run: number) => Chooser {
  const scheduler = spec.scheduler ?? defaultScheduler;
  if (scheduler === 'uniform') return (run) => new RandomChooser(runSeed(spec.seed, run));
  const depth = spec.pctDepth ?? defaultPctDepth;
  if (!(depth >= 1 && depth <= pctDepthMax)) throw new Error(`random: pctDepth ${depth} outside [1, ${pctDepthMax}]`);
  const stepsEstimate = pctStepsEstimate(sim, properties, spec.seed, spec.maxDepth);
  const clients = sim.clientIds.length;
  return (run) => new PctChooser(runSeed(spec.seed, run), { clients, depth, stepsEstimate });
}
