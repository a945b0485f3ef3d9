import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { main, type Io } from '../../../sim/cli/main.ts';
import { viewAfterCheck, viewCommand } from '../../../sim/cli/viewCommand.ts';
import type { ViewerTerminal } from '../../../sim/ui/viewerTerminal.ts';
import { counterexampleFile } from '../support/counterexamples.ts';

/** A terminal as ink sees one: a TTY stdout of a size, and a raw-mode stdin that a test types into. */
class FakeStdout extends EventEmitter {
  readonly isTTY: boolean;
  readonly columns = 80;
  readonly rows = 24;
  readonly chunks: string[] = [];
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  write = (chunk: string): boolean => {
    this.chunks.push(String(chunk));
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY: boolean;
  private pending: string | null = null;
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  type(text: string): void {
    this.pending = text;
    this.emit('readable');
    this.emit('data', text);
  }
  read = (): string | null => {
    const text = this.pending;
    this.pending = null;
    return text;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function fakeTerminal(isTTY: boolean) {
  const stdout = new FakeStdout(isTTY);
  const stdin = new FakeStdin(isTTY);
  const terminal = { stdin, stdout, stderr: new FakeStdout(isTTY) } as unknown as ViewerTerminal;
  return { terminal, stdout, stdin };
}

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (line) => outs.push(line), err: (line) => errs.push(line) };
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g;

describe('locksim view', () => {
  test('the real entry draws the clients and the violation on a terminal, and quits on q with 0', async () => {
    const file = counterexampleFile('lag-skew');
    const { terminal, stdout, stdin } = fakeTerminal(true);
    const io = capture();
    const exited = viewCommand(file, io, terminal);
    // Type once the viewer listens: ink subscribes to stdin after its first render.
    for (let tries = 0; tries < 100 && stdin.listenerCount('readable') === 0; tries += 1) await pause(20);
    expect(stdin.listenerCount('readable')).toBeGreaterThan(0);
    stdin.type('v');
    await pause(50);
    stdin.type('q');
    const code = await Promise.race([exited, pause(5000).then(() => 'timed out')]);
    expect(code).toBe(0);
    const screen = stdout.chunks.join('').replace(ansi, '');
    expect(screen).toMatch(/step tick│A +│B +│store/);
    expect(screen).toContain('✗ mutualExclusion at step 23');
    expect(screen).toContain('IN EXCLUSIVE');
    // The alternate screen is entered and left, so the user's scrollback is kept.
    expect(stdout.chunks[0]).toContain('\u001b[?1049h');
    expect(stdout.chunks.at(-1)).toContain('\u001b[?1049l');
    expect(io.errs).toEqual([]);
  });

  test('without a terminal it says so and exits 2, pointing at show', async () => {
    const file = counterexampleFile('lag-skew');
    const { terminal, stdout } = fakeTerminal(false);
    const io = capture();
    expect(await viewCommand(file, io, terminal)).toBe(2);
    expect(io.errs).toEqual([`locksim: view needs a terminal for keys and screen; for text try: locksim show ${file}`]);
    expect(stdout.chunks).toEqual([]);
  });

  test('a file that is not a locksim trace: one line and exit 2, as show says it', async () => {
    const file = `${counterexampleFile('lag-skew')}.bad.json`;
    writeFileSync(file, '{"steps": []}\n');
    const viewIo = capture();
    const showIo = capture();
    expect(await main(['node', 'locksim', 'view', file], viewIo)).toBe(2);
    expect(await main(['node', 'locksim', 'show', file], showIo)).toBe(2);
    expect(viewIo.errs).toHaveLength(1);
    expect(viewIo.errs[0]).toBe(`locksim: ${file}: format: expected "locksim-trace"; got nothing: not a locksim trace`);
    expect(viewIo.errs).toEqual(showIo.errs);
  });

  test('a missing file: one line and exit 2', async () => {
    const io = capture();
    expect(await main(['node', 'locksim', 'view', '/nonexistent/x.trace.json'], io)).toBe(2);
    expect(io.errs).toEqual(['locksim: /nonexistent/x.trace.json: cannot read file (no such file)']);
  });
});

describe('locksim check --view', () => {
  test('without a terminal, prints where the first trace is and keeps the check\'s exit code', async () => {
    const io = capture();
    const { terminal } = fakeTerminal(false);
    expect(await viewAfterCheck(1, ['traces/a.trace.json', 'traces/b.trace.json'], io, terminal)).toBe(1);
    expect(io.outs).toEqual(['view: locksim view traces/a.trace.json']);
    const none = capture();
    expect(await viewAfterCheck(0, [], none, terminal)).toBe(0);
    expect(none.outs).toEqual([]);
  });

  test.skipIf(process.stdout.isTTY === true)('the real command, with stdout not a terminal, prints the view line after the summary', async () => {
    const directory = counterexampleFile('upgrader-syncer').replace(/\/[^/]+$/, '');
    const scenario = `${directory}/upgrader-syncer.yaml`;
    writeFileSync(scenario, 'name: upgrader-syncer\nprotocol: { name: pending-lock, timestamp: server }\nclients: [ { id: A, role: upgrader }, { id: S, role: syncer, start: [0, 3] } ]\nstore: { latency: [1, 2] }\nexpect: violation\n');
    const io = capture();
    expect(await main(['node', 'locksim', 'check', scenario, '--out', `${directory}/traces`, '--view'], io)).toBe(0);
    expect(io.outs.at(-1)).toBe(`view: locksim view ${directory}/traces/upgrader-syncer.trace.json`);
    expect(io.outs.join('\n')).toContain('VIOLATION of exclusiveExcludesSync');
  });
});
