// Fixed scenarios for the in-process benchmarks, kept here rather than in scenarios/
// so that figures stay comparable across commits while shipped scenarios change.
// The exhaustive benchmark's scenarios are files, in bench/ (see exhaustiveBenchFiles.ts).

import { loadScenarioText } from '../scenario/loadScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';

/** List lag wide enough for two upgraders to miss each other's PENDING lock. */
export const listLagBenchScenario: Scenario = loadScenarioText(
  `
name: bench, list lag, random mode
protocol: { name: pending-lock, timestamp: server, syncerOrder: post-then-check }
clients:
  - { id: A, role: upgrader, start: [0, 4] }
  - { id: B, role: upgrader, start: [0, 4] }
  - { id: S, role: syncer, start: [0, 4] }
store: { latency: [1, 2], listLag: [0, 8] }
explore: { mode: random, runs: 1000000, seed: 1 }
properties: [mutualExclusion]
`,
  'bench:list-lag',
);
