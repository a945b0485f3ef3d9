// `npm run bench`: speed and memory of the explorers, measured, never
// asserted. Wall-clock time is read here because reporting it is the point.

import { prepare } from '../engine/prepare.ts';
import { exploreExhaustive } from '../explore/exhaustive.ts';
import { exploreRandom } from '../explore/random.ts';
import { exhaustiveBenchScenario, listLagBenchScenario } from './benchScenarios.ts';
import { formatSchedulerBench, schedulerBench, shippedUnsafeScenarios } from './schedulerBench.ts';

function exhaustiveBench(): void {
  const scenario = exhaustiveBenchScenario;
  const { sim, properties } = prepare(scenario);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = exploreExhaustive(sim, properties, { maxStates: scenario.explore.maxStates, maxDepth: scenario.explore.maxDepth });
  const seconds = (performance.now() - started) / 1000;
  const heapAfter = process.memoryUsage().heapUsed;
  const { states, transitions, storedBytes } = result.stats;
  console.log(`exhaustive: ${scenario.name}`);
  console.log(`  verdict ${result.verdict}; ${states} distinct states, ${transitions} transitions, depth ${result.stats.depth}`);
  console.log(`  ${seconds.toFixed(2)} s; ${Math.round(states / seconds)} distinct states/s; ${Math.round(transitions / seconds)} transitions/s`);
  console.log(`  visited-state store: ${storedBytes} bytes = ${(storedBytes / states).toFixed(1)} bytes per stored state (fingerprint table + parent links)`);
  console.log(`  heap growth during the search (frontier worlds included, before GC): ${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MiB`);
}

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
if (only === undefined || only === 'exhaustive') exhaustiveBench();
if (only === undefined || only === 'random') randomBench();
if (only === undefined || only === 'scheduler') schedulerComparison();
