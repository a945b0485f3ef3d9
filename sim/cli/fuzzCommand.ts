// `locksim fuzz <base...>`: fast-check generates scenarios around each base
// file within its `fuzz` limits and runs them; the first violation is shrunk
// to a minimal scenario, written as a scenario file that `locksim check`
// reproduces and a trace that `locksim replay` reproduces, with the one
// command that reproduces the fuzz run. Exit 0 when every verdict is
// acceptable (no violation; or one found where `expect: violation`), 1
// otherwise, 2 for bad input. Progress goes to stderr, on a terminal only.

import { basePath } from "../fuzz/fuzzScenario.ts";
import { basename, join } from "node:path";
import { findSafetyProperty } from "../../model/index.ts";
import { fuzzScenario, type FuzzResult } from "../fuzz/fuzzScenario.ts";
import { parseSeed } from "../fuzz/fuzzSeed.ts";
import { fuzzSpecOf } from "../fuzz/fuzzSpecOf.ts";
import {
  minimalReproduction,
  type Reproduction,
} from "../fuzz/minimalReproduction.ts";
import { reproduceCommand, shellWord } from "../fuzz/reproduceCommand.ts";
import { scenarioYaml } from "../fuzz/scenarioYaml.ts";
import { InputError } from "../scenario/inputError.ts";
import { loadScenario } from "../scenario/loadScenario.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { formatTrace } from "../trace/formatTrace.ts";
import { traceFileText } from "../trace/traceText.ts";
import { verdictCase, writeJunit, type JunitCase } from "./junit.ts";
import type { Io } from "./main.ts";
import { parseCount, parseDuration } from "./parseDuration.ts";
import { shardOf, shardText, type Shard } from "./shard.ts";
import { writeFileAtomic } from "./writeFileAtomic.ts";
import { thousands } from "./thousands.ts";

export type FuzzCommandOptions = {
  time?: string | undefined;
  runs?: string | undefined;
  seed?: string | undefined;
  path?: string | undefined;
  out: string;
  json: boolean;
  junit?: string | undefined;
  /** Print only the bases whose verdict is not acceptable; no progress line. */
  quiet?: boolean | undefined;
  /** `--shard i/n`: of several bases, this shard's part; of one base, this shard's part of its cases. */
  shard?: Shard | null | undefined;
};

/** Without --time or --runs, a search runs this long. */
export const defaultFuzzTime = "60s";

export type FuzzOutcome = {
  file: string;
  base: Scenario;
  result: FuzzResult;
  reproduction: Reproduction | null;
  scenarioPath: string | null;
  tracePath: string | null;
  reproduce: string;
  elapsedMs: number;
  passed: boolean;
};

function stemOf(file: string): string {
  const stem = basename(file).replace(/\.(ya?ml|json)$/i, "");
  return stem === "" ? "scenario" : stem;
}

function rangeText(range: readonly [number, number]): string {
  return range[0] === range[1]
    ? String(range[0])
    : `[${range[0]}, ${range[1]}]`;
}

/** What the minimal scenario is, in one line: what the fuzzer varies, as it ended up. */
function describeScenario(scenario: Scenario, base: Scenario): string {
  const clients = scenario.clients.map(
    (client) =>
      `${client.id} ${client.role}${
        client.start[1] > 0 ? ` start ${rangeText(client.start)}` : ""
      }`
  );
  const { store } = scenario;
  const parts = [
    `${scenario.clients.length} ${
      scenario.clients.length === 1 ? "client" : "clients"
    } (${clients.join(", ")})`,
    `latency ${rangeText(store.latency)}, listLag ${rangeText(
      store.listLag
    )}, clockSkew ${rangeText(store.clockSkew)}, timestampResolution ${
      store.timestampResolution
    }`,
  ];
  const free = Object.keys(base.fuzz?.free ?? {}).map(
    (name) => `${name} ${String(scenario.protocol[name])}`
  );
  if (free.length > 0) parts.push(free.join(", "));
  return parts.join("; ");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function count(value: number): string {
  return thousands(value);
}

/** Progress on stderr while the search runs, only when stderr is a terminal, as in `check`. */
function progressLine(label: string): {
  update(text: string): void;
  clear(): void;
} {
  const stream = process.stderr;
  if (!stream.isTTY) return { update() {}, clear() {} };
  let shown = false;
  return {
    update(text) {
      stream.write(`\r${label}: ${text}   `);
      shown = true;
    },
    clear() {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}

type Parsed = {
  seed: string;
  path: string | null;
  runs: number | null;
  timeMs: number | null;
  caseShard: Shard | null;
};

function parseOptions(
  files: readonly string[],
  options: FuzzCommandOptions
): Parsed {
  const seed = parseSeed(options.seed ?? "1", "--seed");
  let path: string | null = null;
  if (options.path !== undefined) {
    if (!/^\d+(?::\d+)*$/.test(options.path) && options.path !== "base") {
      throw new InputError(
        "--path",
        "",
        null,
        `expected a fast-check path such as 42:0:3, as locksim fuzz printed it; got ${JSON.stringify(
          options.path
        )}`
      );
    }
    if (files.length !== 1)
      throw new InputError(
        "--path",
        "",
        null,
        `expected one base scenario with --path, which names a case of one; got ${files.length}`
      );
    path = options.path;
  }
  const runs =
    options.runs === undefined ? null : parseCount(options.runs, "--runs");
  const time = options.time ?? (runs === null ? defaultFuzzTime : undefined);
  const timeMs = time === undefined ? null : parseDuration(time, "--time");
  const shard = options.shard ?? null;
  if (shard !== null && path !== null)
    throw new InputError(
      "--shard",
      "",
      null,
      "expected no --shard with --path: a path names one case, which no shard splits"
    );
  // One base: the shards split its cases; several: they split the bases.
  return {
    seed,
    path,
    runs,
    timeMs,
    caseShard: files.length === 1 ? shard : null,
  };
}

export function runFuzz(
  file: string,
  base: Scenario,
  parsed: Parsed,
  options: FuzzCommandOptions
): FuzzOutcome {
  const label = basename(file);
  const progress =
    options.quiet === true ? { update() {}, clear() {} } : progressLine(label);
  const started = performance.now();
  const spec = fuzzSpecOf(base, file);
  const result = fuzzScenario(base, spec, {
    seed: parsed.seed,
    path: parsed.path,
    budget: { runs: parsed.runs, timeMs: parsed.timeMs },
    shard: parsed.caseShard,
    onProgress: (runs) =>
      progress.update(
        `${count(runs)} cases, ${seconds(performance.now() - started)}`
      ),
  });
  let reproduction: Reproduction | null = null;
  let scenarioPath: string | null = null;
  let tracePath: string | null = null;
  const found = result.found;
  if (found !== null) {
    progress.update(
      `shrunk in ${found.shrinks} steps; finding the shortest trace of the minimal scenario`
    );
    const stem = stemOf(file);
    scenarioPath = join(options.out, `${stem}.min.yaml`);
    tracePath = join(options.out, `${stem}.min.trace.json`);
    reproduction = minimalReproduction(
      found,
      base,
      spec,
      `${base.name}: minimal case from locksim fuzz`,
      scenarioPath
    );
  }
  progress.clear();
  const shard = parsed.caseShard === null ? null : shardText(parsed.caseShard);
  const reproduce = reproduceCommand({
    file,
    seed: parsed.seed,
    path: found?.path ?? null,
    runs: found === null ? result.generated : null,
    shard,
  });
  if (
    reproduction !== null &&
    scenarioPath !== null &&
    tracePath !== null &&
    found !== null
  ) {
    const header = [
      `locksim fuzz: a minimal case that breaks ${found.property}, from ${file}.`,
      `Found by:  ${reproduce}`,
      `Check it:  locksim check ${shellWord(scenarioPath)}`,
      `Replay it: locksim replay ${shellWord(tracePath)}`,
    ];
    if (reproduction.foundBy === "replay only")
      header.push(
        "check did not find it again within bounds: replay the trace."
      );
    writeFileAtomic(
      scenarioPath,
      scenarioYaml(reproduction.scenario, header.join("\n"), scenarioPath)
    );
    writeFileAtomic(tracePath, traceFileText(reproduction.trace, tracePath));
  }
  const elapsedMs = Math.round(performance.now() - started);
  const passed =
    result.diverged === null &&
    (base.expect === "violation" ? found !== null : found === null);
  return {
    file,
    base,
    result,
    reproduction,
    scenarioPath,
    tracePath,
    reproduce,
    elapsedMs,
    passed,
  };
}

function expectText(outcome: FuzzOutcome): string {
  const { expect } = outcome.base;
  if (expect === null) return "";
  return outcome.passed
    ? ` (expected ${expect}: ok)`
    : ` (EXPECTED ${expect.toUpperCase()}: FAIL)`;
}

/** The human summary: no timings, so it can be diffed. */
export function fuzzSummary(outcome: FuzzOutcome): string {
  const { result, reproduction, file } = outcome;
  const found = result.found;
  if (result.diverged !== null) return `${file}: DIVERGED: ${result.diverged}`;
  const liveness = livenessOf(outcome.base);
  const notFuzzed =
    liveness.length === 0
      ? []
      : [`  not fuzzed: ${liveness.join(", ")} (liveness: locksim check)`];
  if (found === null || reproduction === null) {
    const stopped = result.interrupted
      ? "stopped by the time budget"
      : "the whole run budget";
    const shard =
      result.generated === result.runs
        ? ""
        : `, this shard's ${count(result.runs)} of ${count(result.generated)}`;
    return [
      `${file}: no violation in ${count(result.runs)} fuzz cases (seed ${
        result.seed
      }${shard}; ${stopped})${expectText(outcome)}`,
      "  which proves nothing",
      ...notFuzzed,
      `  reproduce: ${outcome.reproduce}`,
    ].join("\n");
  }
  const trace = reproduction.trace;
  const clientsBefore = found.clientsBeforeShrink;
  const bound = found.shrinkBounded ? " (shrinking stopped at its bound)" : "";
  const shrunk =
    found.path === basePath
      ? `the base scenario itself (searched first), reduced to ${reproduction.scenario.clients.length} clients`
      : clientsBefore === null
      ? "replayed from its path"
      : `case ${count(result.generated)} of seed ${result.seed}, shrunk in ${
          found.shrinks
        } steps${bound} from ${clientsBefore} to ${
          found.fuzzCase.scenario.clients.length
        } clients`;
  const how =
    reproduction.foundBy === "exhaustive"
      ? "shortest counterexample of the minimal scenario"
      : reproduction.foundBy === "systematic"
      ? "systematic search of the minimal scenario (fewest preemptions, then shortest)"
      : reproduction.foundBy === "random"
      ? `random run ${trace.run} of seed ${trace.seed}`
      : "the fuzzed run itself (check did not find it again within bounds)";
  return [
    `${file}: VIOLATION of ${found.property}${expectText(outcome)}`,
    `  ${trace.violation.message}; ${how}, ${
      trace.steps.length - 1
    } steps; ${shrunk}`,
    `  minimal scenario: ${describeScenario(
      reproduction.scenario,
      outcome.base
    )}${
      reproduction.minimiseBounded
        ? " (model-checked shrinking stopped at its bound)"
        : ""
    }`,
    `  scenario: ${outcome.scenarioPath}  (locksim check ${shellWord(
      outcome.scenarioPath!
    )})`,
    `  trace: ${outcome.tracePath}  (locksim replay ${shellWord(
      outcome.tracePath!
    )})`,
    ...notFuzzed,
    `  reproduce: ${outcome.reproduce}`,
  ].join("\n");
}

export function fuzzJsonLine(outcome: FuzzOutcome): string {
  const { result, reproduction } = outcome;
  const found = result.found;
  return JSON.stringify({
    scenario: outcome.file,
    verdict:
      result.diverged !== null
        ? "diverged"
        : found === null
        ? "none"
        : "violation",
    expect: outcome.base.expect,
    passed: outcome.passed,
    property: found?.property ?? null,
    message: reproduction?.trace.violation.message ?? result.diverged,
    seed: result.seed,
    fastCheckSeed: result.fastCheckSeed,
    path: found?.path ?? null,
    runs: result.runs,
    generated: result.generated,
    interrupted: result.interrupted,
    shrinks: found?.shrinks ?? null,
    shrinkBounded: found?.shrinkBounded ?? null,
    clients:
      found === null
        ? null
        : {
            beforeShrink: found.clientsBeforeShrink,
            minimal: found.fuzzCase.scenario.clients.length,
          },
    minimalScenario: outcome.scenarioPath,
    trace: outcome.tracePath,
    steps: reproduction === null ? null : reproduction.trace.steps.length - 1,
    foundBy: reproduction?.foundBy ?? null,
    reproduce: outcome.reproduce,
    elapsedMs: outcome.elapsedMs,
  });
}

export function fuzzJunitCase(outcome: FuzzOutcome): JunitCase {
  const trace = outcome.reproduction?.trace ?? null;
  return verdictCase({
    name: outcome.file,
    className: "locksim.fuzz",
    elapsedMs: outcome.elapsedMs,
    passed: outcome.passed,
    summary: fuzzSummary(outcome),
    trace,
  });
}

/**
 * Why a base is not fuzzed, or null. Fuzzing looks for a bad state; a
 * liveness property breaks on a lasso (a cycle that never gets there), which
 * only exhaustive search can show, so it is left to `check`.
 */
export function skipReason(base: Scenario): string | null {
  if (base.properties.some((name) => findSafetyProperty(name) !== undefined))
    return null;
  return `it names no safety property (${base.properties.join(
    ", "
  )}); fuzzing looks for bad states, and leaves liveness to locksim check`;
}

/** Liveness properties a base names, which fuzzing does not check. */
function livenessOf(base: Scenario): string[] {
  return base.properties.filter(
    (name) => findSafetyProperty(name) === undefined
  );
}

/** Loads every base and checks every flag before fuzzing any, so bad input writes nothing. */
export function fuzzCommand(
  files: readonly string[],
  options: FuzzCommandOptions,
  io: Io
): number {
  const parsed = parseOptions(files, options);
  const shard = options.shard ?? null;
  const mine = parsed.caseShard === null ? shardOf(files, shard) : [...files];
  if (shard !== null && mine.length === 0)
    io.err(
      `fuzz: shard ${shardText(shard)} has no base scenarios (${
        files.length
      } over ${shard.count} shards)`
    );
  const bases = mine.map((file) => ({ file, base: loadScenario(file) }));
  const cases: JunitCase[] = [];
  let failed = 0;
  for (const { file, base } of bases) {
    const skipped = skipReason(base);
    if (skipped !== null) {
      if (options.json)
        io.out(
          JSON.stringify({
            scenario: file,
            verdict: "skipped",
            expect: base.expect,
            passed: true,
            message: skipped,
          })
        );
      else if (options.quiet !== true) io.out(`${file}: SKIPPED: ${skipped}`);
      cases.push({
        name: file,
        className: "locksim.fuzz",
        seconds: 0,
        failure: null,
        output: null,
        skipped,
      });
      continue;
    }
    const outcome = runFuzz(file, base, parsed, options);
    if (!outcome.passed) failed += 1;
    cases.push(fuzzJunitCase(outcome));
    if (options.json) {
      io.out(fuzzJsonLine(outcome));
    } else if (options.quiet !== true || !outcome.passed) {
      io.out(fuzzSummary(outcome));
      if (outcome.reproduction !== null)
        io.out(`\n${formatTrace(outcome.reproduction.trace).trimEnd()}\n`);
    }
  }
  if (options.junit !== undefined)
    writeJunit(options.junit, "locksim fuzz", cases);
  if (
    !options.json &&
    bases.length > 1 &&
    (options.quiet !== true || failed > 0)
  ) {
    io.out(
      `${bases.length - failed} of ${bases.length} base scenarios as expected${
        failed > 0 ? `; ${failed} not` : ""
      }`
    );
  }
  return failed > 0 ? 1 : 0;
}
