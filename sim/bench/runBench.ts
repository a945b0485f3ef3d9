// `npm run bench`: speed and memory of the explorers, measured, never
// asserted. Wall-clock time is read here because reporting it is the point.
// The exhaustive part runs each scenario in a child process (exhaustiveBench.ts);
// random mode and the scheduler comparison run in this one.

import { prepare } from '../engine/prepare.ts';
import { exploreRandom } from '../explore/random.ts';
import { listLagBenchScenario } from './benchScenarios.ts';
import { BenchSettingError } from './benchSettingError.ts';
import { exhaustiveBench } from './exhaustiveBench.ts';
import { formatSchedulerBench, schedulerBench, shippedUnsafeScenarios } from './schedulerBench.ts';
import { startupBench } from './startupBench.ts';

function randomBench(): void {
  const scenario = listLagBenchScenario;
  const { sim, properties } = prepare(scenario);
  const started = performance.now();
  const result = exploreRandom(sim, properties, { runs: scenario.explore.runs, maxDepth: scenario.explore.maxDepth, seed: scenario.explore.seed });
  const seconds = (performance.now() - started) / 1000;
  console.log(`random: ${scenario.name}`);
  if (result.counterexample === null) {
    console.log(`  no violation in ${result.stats.runs} runs (${seconds.toFixed(2)} s)`);
    return;
  }
  console.log(`  first violation (${result.counterexample.property}) at run ${result.counterexample.run}: ${result.stats.runs} runs, ${seconds.toFixed(3)} s, ${result.counterexample.steps} steps`);
}

function schedulerComparison(): void {
  const options = { seeds: 10, runsMax: 5_000, pctDepths: [2, 3] };
  const started = performance.now();
  const results = schedulerBench(shippedUnsafeScenarios(), options);
  console.log(formatSchedulerBench(results, options.runsMax));
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const only = process.argv[2];
if (only !== undefined && !['exhaustive', 'random', 'scheduler', 'startup'].includes(only)) {
  console.error(`usage: npm run bench [-- exhaustive | random | scheduler | startup]`);
  process.exit(2);
}
try {
  if (only === undefined || only === 'exhaustive') await exhaustiveBench();
} catch (error) {
  if (!(error instanceof BenchSettingError)) throw error;
  console.error(`npm run bench: ${error.message}`);
  process.exit(2);
}
if (only === undefined || only === 'random') randomBench();
if (only === undefined || only === 'scheduler') schedulerComparison();
if (only === undefined || only === 'startup') startupBench();
