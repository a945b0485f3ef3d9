import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { TraceFile } from '../../../sim/trace/traceFile.ts';
import { Viewer } from '../../../sim/ui/Viewer.tsx';
import { counterexample } from '../support/counterexamples.ts';

const keys = { down: '\u001b[B', up: '\u001b[A', pageDown: '\u001b[6~', enter: '\r', escape: '\u001b' };

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function plain(frame: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '');
}

function mount(trace: TraceFile, width = 80, height = 23) {
  const onQuit = vi.fn();
  const app = render(<Viewer trace={trace} width={width} height={height} onQuit={onQuit} />);
  const frame = () => plain(app.lastFrame());
  // Input goes through ink's stdin listener, which subscribes in an effect after the first render.
  let ready = false;
  const press = async (...inputs: string[]) => {
    if (!ready) {
      await vi.waitFor(() => expect(app.stdin.listenerCount('readable')).toBeGreaterThan(0), { timeout: 5000 });
      ready = true;
    }
    for (const input of inputs) {
      app.stdin.write(input);
      await pause(5);
    }
    await pause(30);
  };
  return { app, frame, press, onQuit };
}

function expectFits(frame: string, width: number, height: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(width);
}

afterEach(() => cleanup());

describe('Viewer at 80×24', () => {
  const trace = counterexample('lag-skew');

  test('draws a lane per client and the store, the first step current, and fits the screen', async () => {
    const { frame, press } = mount(trace);
    await press();
    const screen = frame();
    expect(screen).toMatch(/step tick│A +│B +│store/);
    expect(screen).toMatch(/^> +0 t0 /m);
    expect(screen).toContain('Step 0 of 23');
    expect(screen).toContain('✗ mutualExclusion at step 23');
    expectFits(screen, 80, 23);
  });

  test('v jumps to the violation: both holders IN EXCLUSIVE, the property VIOLATED, the row marked', async () => {
    const { frame, press } = mount(trace);
    await press('v');
    const screen = frame();
    expect(screen).toMatch(/^>✗ +23 t12 /m);
    expect(screen).toContain('Properties at step 23: mutualExclusion VIOLATED');
    expect(screen).toContain('✗ Violation here: mutualExclusion: A and B hold EXCLUSIVE at once');
    expect(screen.match(/IN EXCLUSIVE/g)).toHaveLength(2);
    // The story wraps: words may be split across lines.
    expect(screen).toMatch(/A:\s+step\s+\d+\s+put\s+EXCLUSIVE-A,\s+step\s+\d+\s+enters\s+exclusive/);
    expect(screen).toMatch(/B:\s+step\s+\d+\s+put\s+EXCLUSIVE-B,\s+step\s+23\s+enters\s+exclusive/);
    expect(screen).toMatch(/lists\s+that\s+missed\s+files:/);
    expectFits(screen, 80, 23);
  });

  test('arrows and j/k step; the details follow the current step', async () => {
    const { frame, press } = mount(trace);
    await press(keys.down, keys.down, 'j');
    expect(frame()).toContain('Step 3 of 23');
    await press(keys.up, 'k');
    expect(frame()).toContain('Step 1 of 23');
    await press('G');
    expect(frame()).toContain('Step 23 of 23');
    await press('g');
    expect(frame()).toContain('Step 0 of 23');
  });

  test('a list that missed a file is marked ! and its details say NOT YET', async () => {
    const staleStep = trace.steps.find((step) => step.kind === 'commit' && step.request?.kind === 'list' && step.views[step.client!]!.some((file) => !file.visible))!;
    const { frame, press } = mount(trace);
    await press(...Array.from({ length: staleStep.index }, () => 'j'));
    const screen = frame();
    expect(screen).toContain(`Step ${staleStep.index} of 23`);
    expect(screen).toMatch(new RegExp(`^>! +${staleStep.index} `, 'm'));
    expect(screen).toMatch(/! missed PENDING-[AB]/);
    expect(screen).toMatch(/NOT YET \(t=\d+\)/);
  });

  test('f shows one client only; the header says which', async () => {
    const { frame, press } = mount(trace);
    await press('f');
    const screen = frame();
    expect(screen).toContain('showing A only');
    expect(screen).toMatch(/step tick│A +│store/);
    expect(screen).not.toMatch(/│B +│/);
  });

  test('n and p move between steps of the same client', async () => {
    const ofB = trace.steps.filter((step) => step.client === 'B').map((step) => step.index);
    const { frame, press } = mount(trace);
    await press(...Array.from({ length: ofB[0]! }, () => 'j'));
    await press('n');
    expect(frame()).toContain(`Step ${ofB[1]} of 23`);
    await press('p');
    expect(frame()).toContain(`Step ${ofB[0]} of 23`);
  });

  test('/ searches the actions; Enter keeps the match, and the status bar counts matches', async () => {
    const first = trace.steps.find((step) => step.action.includes('EXCLUSIVE'))!;
    const { frame, press } = mount(trace);
    await press('/', 'E', 'X', 'C', 'L');
    expect(frame()).toContain('/EXCL');
    await press(keys.enter);
    expect(frame()).toContain(`Step ${first.index} of 23`);
    expect(frame()).toMatch(/"EXCL": match 1 of \d+/);
  });

  test('? shows every key; any key closes the help', async () => {
    const { frame, press } = mount(trace);
    await press('?');
    const help = frame();
    for (const words of ['previous / next step', 'jump to the violation', 'same client', 'one client only', 'search actions', 'quit']) expect(help).toContain(words);
    expectFits(help, 80, 23);
    await press('x');
    expect(frame()).toContain('Step 0 of 23');
  });

  test('q calls onQuit', async () => {
    const { press, onQuit } = mount(trace);
    await press('q');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });
});

describe('Viewer on other real traces and sizes', () => {
  test('a three-client trace longer than the screen scrolls with the cursor and fits 80×24', async () => {
    const trace = counterexample('three-random');
    const { frame, press } = mount(trace);
    await press('G');
    const screen = frame();
    const last = trace.steps.length - 1;
    expect(screen).toMatch(/step tick│A +│B +│S +│store/);
    expect(screen).toMatch(new RegExp(`^>✗ +${last} `, 'm'));
    expect(screen).not.toMatch(/^.. +0 t0 /m);
    expectFits(screen, 80, 23);
    await press(keys.pageDown);
    expect(frame()).toContain(`Step ${last} of ${last}`);
  });

  test('a wide terminal puts the details beside the timeline and shows every step', async () => {
    const trace = counterexample('upgrader-syncer');
    const { frame, press } = mount(trace, 160, 44);
    await press('v');
    const screen = frame();
    const violationLine = screen.split('\n').find((line) => /^>✗/.test(line))!;
    // The details share lines with the timeline.
    expect(screen.split('\n').some((line) => /│store/.test(line) && /Step \d+ of \d+/.test(line))).toBe(true);
    expect(violationLine).toMatch(/ENTER exclusive/);
    for (let step = 0; step < trace.steps.length; step += 1) expect(screen).toMatch(new RegExp(`^.. +${step} t\\d+`, 'm'));
    expect(screen).toContain('exclusiveExcludesSync VIOLATED');
    // The right pane's lines sit beside timeline rows, so only the start of the wrapped paragraph is one run of text.
    expect(screen).toContain('✗ Violation here: exclusiveExcludesSync: A holds EXCLUSIVE');
    expectFits(screen, 160, 44);
  });

  test('a step of a kind this version does not know is drawn from its action, and a loop start is marked ↻', async () => {
    const trace = counterexample('lag-skew');
    const pause = { ...trace.steps[1]!, kind: 'pause', action: 'A pauses for 5 ticks' } as unknown as TraceFile['steps'][number];
    const lasso = { ...trace, steps: [trace.steps[0]!, pause, ...trace.steps.slice(2)], loop: { start: 3 } } as TraceFile;
    const { frame, press } = mount(lasso);
    await press('j');
    const screen = frame();
    expect(screen).toMatch(/^> +1 t0 +│ A pauses for 5 tic/m);
    expect(screen).toContain('Step 1 of 23 · t=0 · A · pause');
    expect(screen).toMatch(/^ ↻ +3 /m);
  });
});

