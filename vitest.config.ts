import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    // One test file a core. Vitest's own default for `run` is one fewer than
    // the cores, which on CI's 2 cores runs the files one at a time (443 s
    // against 250 s for the whole suite on 2 cores).
    maxWorkers: availableParallelism(),
  },
});
