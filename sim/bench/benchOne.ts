// One exhaustive benchmark run, meant to be the only work of its process:
// `node --import tsx sim/bench/benchOne.ts FILE` prints one JSON line, so
// that the process's peak RSS is this scenario's alone (see benchInChild.ts).
// It times the compiled package's search in dist/ (worker threads included),
// the code an installed locksim runs; only this driver runs through tsx.
// Wall-clock time is read here because reporting it is the point.

import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { raiseInliningBudget } from '../cli/inliningBudget.ts';

/** The compiled package's search, which the benchmark times: what an installed locksim runs (exhaustiveBench builds it first). */
const compiledRoot = new URL('../../dist/sim/', import.meta.url);

/** The search's modules from dist/, typed as their sources. */
async function compiledSearch(): Promise<{
  loadScenario: typeof import('../scenario/loadScenario.ts').loadScenario;
  prepare: typeof import('../engine/prepare.ts').prepare;
  explore: typeof import('../explore/explore.ts').explore;
}> {
  const at = (path: string): string => new URL(path, compiledRoot).href;
  if (!existsSync(new URL('explore/explore.js', compiledRoot))) throw new Error(`benchOne: no compiled package at ${fileURLToPath(compiledRoot)}: run npm run build first`);
  const { loadScenario } = (await import(at('scenario/loadScenario.js'))) as typeof import('../scenario/loadScenario.ts');
  const { prepare } = (await import(at('engine/prepare.js'))) as typeof import('../engine/prepare.ts');
  const { explore } = (await import(at('explore/explore.js'))) as typeof import('../explore/explore.ts');
  return { loadScenario, prepare, explore };
}

/** The JSON line benchOne prints. */
export type BenchRecord = {
  file: string;
  name: string;
  protocol: string;
  verdict: string;
  states: number;
  transitions: number;
  depth: number;
  storedBytes: number;
  /** Only when the explorer reports it (an engine that keeps its frontier compactly may). */
  frontierBytes: number | null;
  /** States in that frontier, when reported: frontierBytes / frontierStates is the cost of one queued state. */
  frontierStates: number | null;
  /** Only when the explorer reports it; a single-threaded search has none. */
  workers: number | null;
  counterexampleSteps: number | null;
  /** Seconds spent in the search alone: loading and process start-up excluded. */
  seconds: number;
  /** process.resourceUsage().maxRSS, in kilobytes: the whole process's peak. */
  maxRssKb: number;
};

/** A number-valued stats field that the current ExploreStats type may not declare. */
function optionalStat(stats: object, key: string): number | null {
  const value = (stats as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : null;
}

/** `workers`: threads for the search, as `check --workers` (1: this thread alone). */
export async function benchOne(file: string, workers = 1): Promise<BenchRecord> {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`benchOne: workers must be a whole number >= 1, not ${workers}`);
  // As the locksim command does, so that the benchmark times what users run.
  raiseInliningBudget();
  // Imported here, not at the top, so that importing this module for its type costs nothing.
  const { loadScenario, prepare, explore } = await compiledSearch();
  const scenario = loadScenario(file);
  if (scenario.explore.mode !== 'exhaustive') throw new Error(`${file}: explore.mode is ${scenario.explore.mode}, the benchmark needs exhaustive`);
  const prepared = prepare(scenario);
  const started = performance.now();
  const { result } = explore(prepared, file, undefined, { workers });
  const seconds = (performance.now() - started) / 1000;
  const { stats } = result;
  return {
    file,
    name: scenario.name,
    protocol: scenario.protocol.name,
    verdict: result.verdict,
    states: stats.states,
    transitions: stats.transitions,
    depth: stats.depth,
    storedBytes: stats.storedBytes,
    frontierBytes: optionalStat(stats, 'frontierBytes'),
    frontierStates: optionalStat(stats, 'frontierStates'),
    workers: optionalStat(stats, 'workers'),
    counterexampleSteps: result.counterexample?.steps ?? null,
    seconds,
    maxRssKb: process.resourceUsage().maxRSS,
  };
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
}

if (isMain()) {
  const file = process.argv[2];
  const workers = Number(process.argv[3] ?? '1');
  if (file === undefined || !(Number.isInteger(workers) && workers >= 1)) {
    console.error('usage: node --import tsx sim/bench/benchOne.ts SCENARIO.yaml [WORKERS]');
    process.exit(2);
  }
  console.log(JSON.stringify(await benchOne(file, workers)));
}
