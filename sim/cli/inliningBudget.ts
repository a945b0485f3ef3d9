// A larger inlining budget for V8's optimising compiler, set by the locksim
// command (sim/cli/bin.mjs) and the benchmark (sim/bench/benchOne.ts) before
// any search runs. The exhaustive search's hot path is a chain of
// medium-sized functions (step, encode, fingerprint, admit) that the default
// budget (460 bytes of bytecode a callee, 920 in all) leaves as calls. With
// these, paired runs of bench/three-upgraders-syncer.yaml took 15.69 s
// instead of 16.33 s on two workers, and an 8M-state cut of it 11.96 s
// instead of 12.46 s on one. The flags are read when a function is
// optimised, so setting them at start-up is enough, and they hold for the
// worker threads too. They change what the compiler inlines, never what the
// code computes.

import v8 from 'node:v8';

/** Bytecode bytes of one callee, and of all callees of one function, that V8 may inline. */
const inlinedBytecodeBytesMax = 1000;
const inlinedBytecodeBytesCumulativeMax = 3000;

export function raiseInliningBudget(): void {
  v8.setFlagsFromString(`--max-inlined-bytecode-size=${inlinedBytecodeBytesMax}`);
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${inlinedBytecodeBytesCumulativeMax}`);
}
