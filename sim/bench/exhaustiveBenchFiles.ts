// Which scenario files the exhaustive benchmark runs: every bench/*.yaml (the
// shapes of issue 10, kept out of scenarios/ so their figures stay
// comparable across commits) and two shipped safe scenarios that the
// reference checker's own README also measures.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const shippedBenchScenarios = ['scenarios/pending-lock-strong-server.yaml', 'scenarios/pending-lock-syncer-post-then-check.yaml'];

/** Paths relative to the repository root, bench/ first, each group sorted. */
export function exhaustiveBenchFiles(): string[] {
  const own = readdirSync(join(repositoryRoot, 'bench'))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => `bench/${name}`);
  return [...own, ...shippedBenchScenarios];
}
