// `locksim view <trace>`: the trace in a full-screen terminal viewer; and the
// glue for `locksim check --view`, which opens the first counterexample.

import { loadTrace } from '../trace/loadTrace.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { isInteractive, processTerminal, type ViewerTerminal } from '../ui/viewerTerminal.ts';
import type { Io } from './main.ts';

/** ink and react load only when a viewer opens, so that every other command starts as fast as before. */
async function openViewer(trace: TraceFile, terminal: ViewerTerminal): Promise<number> {
  // chalk (under ink) reads `--no-color` in argv as "no styles at all", which would hide the cursor's inverse;
  // NO_COLOR already takes the colors out (sim/ui/colorEnabled.ts), and FORCE_COLOR is the one thing chalk lets outrank the flag.
  if (process.argv.includes('--no-color') && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '1';
  const { runViewer } = await import('../ui/runViewer.tsx');
  return runViewer(trace, terminal);
}

export async function viewCommand(file: string, io: Io, terminal: ViewerTerminal = processTerminal()): Promise<number> {
  // The trace is read first, so that a file that is not a trace fails the same way with or without a terminal.
  const trace = loadTrace(file);
  if (!isInteractive(terminal)) {
    io.err(`locksim: view needs a terminal for keys and screen; for text try: locksim show ${file}`);
    return 2;
  }
  return openViewer(trace, terminal);
}

/**
 * After `check --view`: open the first trace written, when there is a
 * terminal; otherwise say where it is. The check's exit code stands.
 */
export async function viewAfterCheck(checkCode: number, tracePaths: readonly string[], io: Io, terminal: ViewerTerminal = processTerminal()): Promise<number> {
  const first = tracePaths[0];
  if (first === undefined) return checkCode;
  if (!isInteractive(terminal)) {
    io.out(`view: locksim view ${first}`);
    return checkCode;
  }
  await openViewer(loadTrace(first), terminal);
  return checkCode;
}
