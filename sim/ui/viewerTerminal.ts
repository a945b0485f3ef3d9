// The streams the viewer runs on, apart from ink, so commands can check for a
// terminal without loading the viewer.

export type ViewerTerminal = { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

export function processTerminal(): ViewerTerminal {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Whether the viewer can run: it reads keys from stdin and draws on stdout. */
export function isInteractive(terminal: ViewerTerminal): boolean {
  return terminal.stdin.isTTY === true && terminal.stdout.isTTY === true;
}
