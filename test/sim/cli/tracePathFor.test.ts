// Trace file names: one per scenario file, never overwritten by a same-named
// scenario from another folder in the same run.

import { expect, test } from 'vitest';
import { tracePathFor } from '../../../sim/cli/checkCommand.ts';

test('a trace is named after its scenario file', () => {
  expect(tracePathFor('traces', 'scenarios/pending-lock-list-lag.yaml')).toBe('traces/pending-lock-list-lag.trace.json');
});

test('same-named scenarios from different folders get the folder in the name', () => {
  const first = tracePathFor('out', 'examples/check-then-put/strong-store.yaml', true);
  const second = tracePathFor('out', 'examples/put-then-verify/strong-store.yaml', true);
  expect(first).toBe('out/check-then-put.strong-store.trace.json');
  expect(second).toBe('out/put-then-verify.strong-store.trace.json');
  expect(first).not.toBe(second);
});
