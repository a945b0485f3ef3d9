// `locksim check <scenario>...`: explore each scenario, write each
// counterexample as a trace, print a summary (or JSON lines), and exit 0 when
// every verdict is acceptable, 1 otherwise.

import { basename, dirname, join, resolve } from 'node:path';
import { collisionChance } from '../engine/fingerprintSet.ts';
import { prepare } from '../engine/prepare.ts';
import { explore } from '../explore/explore.ts';
import type { ExploreResult } from '../explore/exploreResult.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { traceFileText } from '../trace/traceText.ts';
import { verdictCase, writeJunit, type JunitCase } from './junit.ts';
import { progressReporter } from './progressReporter.ts';
import { shardOf, shardText, type Shard } from './shard.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';
import { thousands } from './thousands.ts';

export type CheckOptions = {
  out: string;
  json: boolean;
  quiet?: boolean;
  /** Every trace written is appended here, in scenario order (`check --view` opens the first). */
  written?: string[];
  /** Also write the verdicts here as JUnit XML. */
  junit?: string | undefined;
  /** `--memory`: overrides every scenario's explore.memoryMb. */
  memoryMb?: number | undefined;
  /** `--workers`: threads of each exhaustive search (default 1 here; the CLI's default is one per core). The output does not depend on it. */
  workers?: number | undefined;
  /** `--shard i/n`: check only this shard's part of the files, in their order. */
  shard?: Shard | null | undefined;
  /** Where notes that are not results go (an empty shard); stderr in the CLI. */
  err?: ((line: string) => void) | undefined;
};

export type CheckOutcome = {
  file: string;
  scenario: Scenario;
  result: ExploreResult;
  trace: TraceFile | null;
  tracePath: string | null;
  elapsedMs: number;
  /** Whether the verdict is acceptable: it matches `expect`, or without one, it is no violation. */
  passed: boolean;
};

/** The file's name without its folder or extension: what the progress line calls the scenario. */
function scenarioStem(scenarioFile: string): string {
  return basename(scenarioFile).replace(/\.(ya?ml|json)$/i, '');
}

/**
 * Where a scenario's trace goes: named after the file. When one run checks two
 * files of the same name from different folders, the folder goes in the name
 * too, so one trace never overwrites the other.
 */
export function tracePathFor(out: string, scenarioFile: string, sameNamed = false): string {
  const stem = scenarioStem(scenarioFile);
  const folder = basename(dirname(resolve(scenarioFile)));
  return join(out, `${sameNamed ? `${folder}.${stem}` : stem}.trace.json`);
}

export function runCheck(file: string, scenario: Scenario, options: CheckOptions, sameNamed = false): CheckOutcome {
  // The progress line is for a person at a terminal: never with --json or --quiet (the reporter also checks for a TTY).
  const reporter = progressReporter(scenarioStem(file), { enabled: !options.json && options.quiet !== true });
  const started = performance.now();
  let explored: ReturnType<typeof explore>;
  try {
    explored = explore(prepare(scenario), file, (progress) => reporter.update(progress), { workers: options.workers ?? 1 });
  } finally {
    // Cleared before anything else is printed: the result line, or a protocol fault's message.
    reporter.clear();
  }
  const { result, trace } = explored;
  const elapsedMs = Math.round(performance.now() - started);
  let tracePath: string | null = null;
  if (trace !== null) {
    tracePath = tracePathFor(options.out, file, sameNamed);
    writeFileAtomic(tracePath, traceFileText(trace, tracePath));
  }
  const passed = scenario.expect === null ? result.verdict !== 'violation' : result.verdict === scenario.expect;
  return { file, scenario, result, trace, tracePath, elapsedMs, passed };
}

export function jsonLine(outcome: CheckOutcome): string {
  const { result } = outcome;
  return JSON.stringify({
    scenario: outcome.file,
    verdict: result.verdict,
    property: result.counterexample?.property ?? null,
    trace: outcome.tracePath,
    reached: result.reached,
    stats: {
      states: result.stats.states,
      transitions: result.stats.transitions,
      runs: result.stats.runs,
      depth: result.stats.depth,
      elapsedMs: outcome.elapsedMs,
    },
    expect: outcome.scenario.expect,
    passed: outcome.passed,
    message: result.counterexample?.message ?? result.incompleteReason,
    steps: result.counterexample?.steps ?? null,
    seed: outcome.scenario.explore.mode === 'random' ? outcome.scenario.explore.seed : null,
    run: result.counterexample?.run ?? null,
  });
}

function count(value: number): string {
  return thousands(value);
}

/** The human summary: deterministic (no timings), so it can be diffed. */
export function summary(outcome: CheckOutcome): string {
  const { result, scenario } = outcome;
  const expectText = scenario.expect === null ? '' : outcome.passed ? ` (expected ${scenario.expect}: ok)` : ` (EXPECTED ${scenario.expect.toUpperCase()}: FAIL)`;
  const lines: string[] = [];
  const stats = result.stats;
  const searched =
    scenario.explore.mode === 'exhaustive'
      ? `${count(stats.states)} states, ${count(stats.transitions)} transitions, depth ${stats.depth}`
      : `${count(stats.runs)} ${scenario.explore.mode === 'systematic' ? 'schedules' : 'runs'}, ${count(stats.states)} states, depth ${stats.depth}`;
  if (result.verdict === 'violation') {
    const example = result.counterexample!;
    const origin =
      example.run !== null ? `run ${example.run} of seed ${scenario.explore.seed}` : scenario.explore.mode === 'systematic' ? 'fewest preemptions, then shortest' : 'shortest counterexample';
    lines.push(`${outcome.file}: VIOLATION of ${example.property}${expectText}`);
    lines.push(`  ${example.message}; ${origin}, ${example.steps} steps`);
    lines.push(`  trace: ${outcome.tracePath}  (locksim show ${outcome.tracePath})`);
  } else if (result.verdict === 'safe') {
    lines.push(`${outcome.file}: SAFE${expectText}`);
    lines.push(`  every reachable state explored and ${scenario.properties.join(', ')} held`);
    // States are stored as 64-bit fingerprints, as TLC does: say what that risks.
    lines.push(`  chance that a fingerprint collision hid a state: at most ${collisionChance(result.stats.states).toExponential(1)}`);
  } else {
    lines.push(`${outcome.file}: INCOMPLETE${expectText}`);
    lines.push(`  ${result.incompleteReason}`);
  }
  lines.push(`  searched ${searched}`);
  const off = result.reductionsOff ?? [];
  if (off.length > 0) lines.push(`  reductions off: ${off.map((item) => `${item.name} (${item.why})`).join('; ')}`);
  const never = Object.entries(result.reached).filter(([, reached]) => !reached).map(([id]) => id);
  if (never.length > 0 && result.verdict !== 'violation') {
    lines.push(`  warning: ${never.join(', ')} never entered a critical section in what was explored: the verdict says nothing about ${never.length === 1 ? 'it' : 'them'}`);
  } else if (result.verdict !== 'violation') {
    lines.push('  every client entered its critical section in some explored run');
  }
  return lines.join('\n');
}

/** Loads every scenario before running any, so bad input writes nothing. */
export function checkCommand(files: readonly string[], options: CheckOptions, print: (line: string) => void): number {
  const shard = options.shard ?? null;
  const mine = shardOf(files, shard);
  if (shard !== null && mine.length === 0) {
    (options.err ?? print)(`check: shard ${shardText(shard)} has no scenarios (${files.length} over ${shard.count} shards)`);
  }
  const scenarios = mine.map((file) => {
    const scenario = loadScenario(file);
    if (options.memoryMb === undefined) return { file, scenario };
    return { file, scenario: { ...scenario, explore: { ...scenario.explore, memoryMb: options.memoryMb } } };
  });
  let failed = 0;
  const cases: JunitCase[] = [];
  for (const { file, scenario } of scenarios) {
    const stem = basename(file);
    const outcome = runCheck(file, scenario, options, files.filter((other) => basename(other) === stem).length > 1);
    if (options.junit !== undefined) {
      const { elapsedMs, passed, trace } = outcome;
      cases.push(verdictCase({ name: file, className: 'locksim.check', elapsedMs, passed, summary: summary(outcome), trace }));
    }
    if (outcome.tracePath !== null) options.written?.push(outcome.tracePath);
    if (!outcome.passed) failed += 1;
    if (options.json) print(jsonLine(outcome));
    else if (!options.quiet || !outcome.passed) print(summary(outcome));
  }
  if (!options.json && scenarios.length > 1 && (!options.quiet || failed > 0)) {
    const part = shard === null ? '' : ` (shard ${shardText(shard)})`;
    print(`${scenarios.length - failed} of ${scenarios.length} scenarios as expected${part}${failed > 0 ? `; ${failed} not` : ''}`);
  }
  if (options.junit !== undefined) writeJunit(options.junit, 'locksim check', cases);
  return failed > 0 ? 1 : 0;
}

