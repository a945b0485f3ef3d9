import { describe, expect, test } from 'vitest';
import { formatStepLine, formatTrace, formatView } from '../../../sim/trace/formatTrace.ts';
import type { TraceViewFile } from '../../../sim/trace/traceFile.ts';
import { fixtureNames, modes, traceOf } from '../../fixtures/traces.ts';

const cases = fixtureNames.flatMap((name) => modes.map((mode) => [name, mode] as const));

/** The lines of a step: after the header's blank line, before the next blank line. */
function stepLines(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf('') + 1;
  const end = lines.indexOf('', start);
  return lines.slice(start, end).filter((line) => !line.trimStart().startsWith('----'));
}

describe('formatTrace', () => {
  test.each(cases)('%s, %s mode: one line per step, in order, and the violation last', (name, mode) => {
    const trace = traceOf(name, mode);
    const text = formatTrace(trace);
    const lines = stepLines(text);
    expect(lines).toHaveLength(trace.steps.length);
    lines.forEach((line, index) => {
      expect(line).toMatch(new RegExp(`^ *${index}  t=${trace.steps[index]!.tick} `));
      expect(line).toContain(trace.steps[index]!.action);
    });
    const marked = lines.filter((line) => line.includes('<<<'));
    expect(marked).toStrictEqual([lines[lines.length - 1]]);
    expect(marked[0]).toMatch(new RegExp(`<<< ${trace.violation.property} violated$`));
  });

  test('the header gives the scenario, the clients, how it was found and the violation', () => {
    const trace = traceOf('listLag', 'exhaustive');
    const [title, protocol, violation] = formatTrace(trace).split('\n');
    expect(title).toBe('locksim trace: listLag');
    expect(protocol).toBe('protocol pending-lock; clients A (upgrader), B (upgrader); found by exhaustive search (a shortest counterexample)');
    const last = trace.steps[trace.steps.length - 1]!;
    expect(violation).toBe(`violation: mutualExclusion: A and B hold EXCLUSIVE at once, at step ${last.index} (t=${last.tick})`);
    const random = traceOf('listLag', 'random');
    expect(formatTrace(random).split('\n')[1]).toContain(`found by random run ${random.run} of seed 3`);
  });

  test('after the steps, where everyone stands at the violation: each client, its section and what it sees', () => {
    const trace = traceOf('checkThenPostSyncer', 'exhaustive');
    const text = formatTrace(trace);
    const tail = text.slice(text.indexOf('\nat the violation')).split('\n').filter((line) => line !== '');
    const last = trace.steps[trace.steps.length - 1]!;
    expect(tail[0]).toBe(`at the violation (t=${last.tick}):`);
    expect(tail).toHaveLength(1 + 2 * last.clients.length);
    expect(tail.filter((line) => line.includes('IN EXCLUSIVE'))).toHaveLength(1);
    expect(tail.filter((line) => line.includes('IN SYNC'))).toHaveLength(1);
    expect(tail.filter((line) => line.trimStart().startsWith('sees: '))).toHaveLength(last.clients.length);
    expect(text.endsWith('\n')).toBe(true);
  });

  test('a step line names the client, its action, its state after a protocol step, and who is in a section', () => {
    const trace = traceOf('strictTie', 'exhaustive');
    const init = formatStepLine(trace, trace.steps[0]!, 1);
    expect(init).toMatch(/^ {3}0 {2}t=0 {4}- {2}start: A at t=0 \(clock \+0\), B at t=0 \(clock \+0\)$/);
    const enter = trace.steps.find((step) => step.effect?.kind === 'enter')!;
    const line = formatStepLine(trace, enter, 1);
    expect(line).toContain(`${enter.client}  ${enter.action}`);
    expect(line).toContain(`[${enter.client} in exclusive]`);
    expect(line).toMatch(/\{in critical section \(1 attempts left, \d writes left\)\}/);
    const commit = trace.steps.find((step) => step.kind === 'commit')!;
    expect(formatStepLine(trace, commit, 1)).not.toContain('{');
  });
});

describe('formatView', () => {
  const file = (parts: Partial<TraceViewFile>): TraceViewFile => ({
    name: 'locks/PENDING-A',
    owner: 'A',
    version: 2,
    deleted: false,
    mtimeTicks: 3,
    clientStampTicks: 3,
    visible: true,
    visibleTick: 3,
    seenVersion: 2,
    ...parts,
  });

  test('an empty store, a visible file, a deleted one, and ones not yet visible', () => {
    expect(formatView([])).toBe('(empty)');
    expect(formatView([file({})])).toBe('locks/PENDING-A v2 by A @3');
    expect(formatView([file({ deleted: true })])).toBe('locks/PENDING-A deleted');
    expect(formatView([file({ visible: false, seenVersion: 1, visibleTick: 7 })])).toBe('locks/PENDING-A v2 by A @3 (not yet visible: sees v1 until t=7)');
    expect(formatView([file({ visible: false, seenVersion: null, visibleTick: 7 }), file({ name: 'b' })])).toBe(
      'locks/PENDING-A v2 by A @3 (not yet visible: sees nothing until t=7); b v2 by A @3',
    );
  });
});
