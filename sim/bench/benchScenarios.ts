// Fixed scenarios for the benchmark, kept here rather than in scenarios/ so
// that figures stay comparable across commits while shipped scenarios change.

import { loadScenarioText } from '../scenario/loadScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';

/** Three clients, list lag and staggered starts: a few million states, safe. */
export const exhaustiveBenchScenario: Scenario = loadScenarioText(
  `
name: bench, two upgraders and a syncer, post-then-check, strong store
protocol: { name: pending-lock, timestamp: server, syncerOrder: post-then-check }
clients:
  - { id: A, role: upgrader, start: [0, 3] }
  - { id: B, role: upgrader, start: [0, 3] }
  - { id: S, role: syncer, start: [0, 3] }
store: { latency: [1, 2] }
explore: { maxStates: 20000000 }
`,
  'bench:exhaustive',
);

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
