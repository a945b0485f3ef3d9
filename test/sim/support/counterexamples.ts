// Real counterexamples for the viewer's and the exports' tests: each is
// explored from a scenario by the real explorer, never written by hand, so
// the tests see what users see. Each is explored once per test file.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../../../sim/engine/prepare.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { loadScenarioText } from '../../../sim/scenario/loadScenario.ts';
import type { TraceFile } from '../../../sim/trace/traceFile.ts';
import { traceFileText } from '../../../sim/trace/traceText.ts';

export const scenarioTexts = {
  // Two upgraders on a store whose lists lag, B's clock behind: both end up holding EXCLUSIVE.
  'lag-skew': `name: lag-skew
protocol: { name: pending-lock, timestamp: client }
clients: [ { id: A, role: upgrader }, { id: B, role: upgrader, start: [0, 2] } ]
store: { latency: 1, listLag: [0, 3], clockSkew: [-3, 0] }
properties: [mutualExclusion]
expect: violation
`,
  // An upgrader and a syncer: the upgrader holds EXCLUSIVE while the syncer syncs.
  'upgrader-syncer': `name: upgrader-syncer
protocol: { name: pending-lock, timestamp: server }
clients: [ { id: A, role: upgrader }, { id: S, role: syncer, start: [0, 3] } ]
store: { latency: [1, 2] }
expect: violation
`,
  // Three clients, found by random search: a longer trace than fits a screen.
  'three-random': `name: three-random
protocol: { name: pending-lock, timestamp: server }
clients: [ { id: A, role: upgrader }, { id: B, role: upgrader, start: [0, 3] }, { id: S, role: syncer, start: [0, 3] } ]
store: { latency: [1, 2], listLag: [0, 4] }
explore: { mode: random, runs: 20000, seed: 1 }
expect: violation
`,
} as const;

export type CounterexampleName = keyof typeof scenarioTexts;

const cache = new Map<CounterexampleName, TraceFile>();

export function counterexample(name: CounterexampleName): TraceFile {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const file = `scenarios/${name}.yaml`;
  const { result, trace } = explore(prepare(loadScenarioText(scenarioTexts[name], file)), file);
  if (trace === null) throw new Error(`counterexamples: ${name} found no violation (${result.verdict}): the scenario needs updating`);
  cache.set(name, trace);
  return trace;
}

/** The counterexample written as a trace file, as `locksim check` writes it; returns its path. */
export function counterexampleFile(name: CounterexampleName): string {
  const directory = mkdtempSync(join(tmpdir(), 'locksim-trace-'));
  const path = join(directory, `${name}.trace.json`);
  writeFileSync(path, traceFileText(counterexample(name), path));
  return path;
}
