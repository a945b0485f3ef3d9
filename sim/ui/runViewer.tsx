// The viewer's entry: renders with ink on a terminal, full screen, and
// resolves with the exit code when the user quits. The streams are
// parameters so a test can drive the real entry with fake ones.

import { render, useApp, useStdout } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import type { TraceFile } from '../trace/traceFile.ts';
import { Viewer } from './Viewer.tsx';
import { processTerminal, type ViewerTerminal } from './viewerTerminal.ts';

/** Used when a terminal does not say its size. */
export const fallbackSize = { width: 80, height: 24 };

function sizeOf(stdout: NodeJS.WriteStream): { width: number; height: number } {
  const width = stdout.columns > 0 ? stdout.columns : fallbackSize.width;
  const rows = stdout.rows > 0 ? stdout.rows : fallbackSize.height;
  // One line short of the screen: a frame as tall as the screen makes ink clear it on every redraw, which flickers.
  return { width, height: Math.max(1, rows - 1) };
}

function FullScreenViewer({ trace }: { trace: TraceFile }) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  const onQuit = useCallback(() => exit(), [exit]);
  return <Viewer trace={trace} width={size.width} height={size.height} onQuit={onQuit} />;
}

const enterAlternateScreen = '\u001b[?1049h\u001b[H';
const leaveAlternateScreen = '\u001b[?1049l';

export async function runViewer(trace: TraceFile, terminal: ViewerTerminal = processTerminal()): Promise<number> {
  // The alternate screen keeps the user's scrollback as it was, as less and vim do.
  const alternate = terminal.stdout.isTTY === true;
  if (alternate) terminal.stdout.write(enterAlternateScreen);
  try {
    const instance = render(<FullScreenViewer trace={trace} />, {
      stdin: terminal.stdin,
      stdout: terminal.stdout,
      stderr: terminal.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await instance.waitUntilExit();
  } finally {
    if (alternate) terminal.stdout.write(leaveAlternateScreen);
  }
  return 0;
}
