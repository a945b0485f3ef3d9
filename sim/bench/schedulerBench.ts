// PCT against the uniform scheduler: runs to the first violation of each
// unsafe scenario in random mode, over many seeds. Measured, never asserted;
// no wall-clock time is read, so the figures are the same on every machine.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findLivenessProperty } from '../../model/index.ts';
import { prepare } from '../engine/prepare.ts';
import { exploreRandom } from '../explore/random.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import type { Scenario, Scheduler } from '../scenario/scenario.ts';

export type BenchScenario = { name: string; scenario: Scenario };

export type SchedulerBenchOptions = {
  /** Seeds 1 .. seeds, one random search each. */
  seeds: number;
  /** Runs per search before it counts as not found. */
  runsMax: number;
  /** PCT depths to compare with uniform. */
  pctDepths: readonly number[];
};

export const defaultSchedulerBenchOptions: SchedulerBenchOptions = { seeds: 20, runsMax: 20_000, pctDepths: [2, 3] };

export type SchedulerFigures = {
  scenario: string;
  /** 'uniform', or 'pct d=<depth>'. */
  scheduler: string;
  seeds: number;
  /** Seeds whose search found a violation within runsMax. */
  found: number;
  /** Runs to the first violation, per seed in order; null when not found. */
  runsToFirst: (number | null)[];
  /** Median over seeds, a miss counting as runsMax + 1 (so the median is a lower bound when misses are many). */
  median: number;
  /** Mean over the seeds that found one; null when none did. */
  meanFound: number | null;
};

/** The scenarios in `dir` that expect a violation: the shipped unsafe ones. */
export function shippedUnsafeScenarios(dir = 'scenarios'): BenchScenario[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => /\.ya?ml$/i.test(file)).sort();
  } catch {
    return [];
  }
  return files
    .map((file) => ({ name: file, scenario: loadScenario(join(dir, file)) }))
    .filter((entry) => entry.scenario.expect === 'violation')
    // Random mode checks safety only: a liveness violation is a lasso, found exhaustively.
    .filter((entry) => entry.scenario.properties.every((name) => findLivenessProperty(name) === undefined));
}

function runsToFirst(scenario: Scenario, scheduler: Scheduler, pctDepth: number, seed: string, runsMax: number): number | null {
  const random = { ...scenario, explore: { ...scenario.explore, mode: 'random' as const, runs: runsMax, seed, scheduler, pctDepth } };
  const { sim, properties } = prepare(random);
  const result = exploreRandom(sim, properties, { runs: runsMax, maxDepth: random.explore.maxDepth, seed, scheduler, pctDepth });
  return result.counterexample === null ? null : result.counterexample.run! + 1;
}

function figures(name: string, label: string, counts: (number | null)[], runsMax: number): SchedulerFigures {
  const found = counts.filter((count): count is number => count !== null);
  const sorted = counts.map((count) => count ?? runsMax + 1).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const meanFound = found.length === 0 ? null : found.reduce((sum, count) => sum + count, 0) / found.length;
  return { scenario: name, scheduler: label, seeds: counts.length, found: found.length, runsToFirst: counts, median, meanFound };
}

export function schedulerBench(scenarios: readonly BenchScenario[], options: SchedulerBenchOptions = defaultSchedulerBenchOptions): SchedulerFigures[] {
  if (!(options.seeds >= 1 && options.runsMax >= 1)) throw new Error('scheduler bench: seeds and runsMax must be positive');
  const out: SchedulerFigures[] = [];
  for (const { name, scenario } of scenarios) {
    const seeds = Array.from({ length: options.seeds }, (_, index) => String(index + 1));
    out.push(figures(name, 'uniform', seeds.map((seed) => runsToFirst(scenario, 'uniform', 2, seed, options.runsMax)), options.runsMax));
    for (const depth of options.pctDepths) {
      out.push(figures(name, `pct d=${depth}`, seeds.map((seed) => runsToFirst(scenario, 'pct', depth, seed, options.runsMax)), options.runsMax));
    }
  }
  return out;
}

export function formatSchedulerBench(results: readonly SchedulerFigures[], runsMax: number): string {
  const lines = [`runs to first violation (random mode; median over seeds, a miss counts as ${runsMax + 1})`];
  for (const result of results) {
    const mean = result.meanFound === null ? '-' : result.meanFound.toFixed(1);
    lines.push(`  ${result.scenario}  ${result.scheduler.padEnd(9)}  median ${String(result.median).padStart(6)}  mean ${mean.padStart(8)}  found ${result.found}/${result.seeds}`);
  }
  return lines.join('\n');
}
