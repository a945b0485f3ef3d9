import { describe, expect, test } from 'vitest';
import { parseTrace } from '../../../sim/trace/loadTrace.ts';
import { firstDifference, replayTrace } from '../../../sim/trace/replayTrace.ts';
import type { TraceFile } from '../../../sim/trace/traceFile.ts';
import { fixtureNames, modes, traceOf } from '../../fixtures/traces.ts';

const cases = fixtureNames.flatMap((name) => modes.map((mode) => [name, mode] as const));

/** The step that consumed choice `index`: init (step 0) first, then each step's own answers. */
function stepOfChoice(trace: TraceFile, index: number): number {
  let consumed = 0;
  for (const step of trace.steps) {
    consumed += step.answers.length;
    if (index < consumed) return step.index;
  }
  throw new Error(`choice ${index} is past the recorded answers`);
}

describe('every trace the explorers write replays', () => {
  test.each(cases)('%s, %s mode: same steps, same violation', (name, mode) => {
    const trace = traceOf(name, mode);
    expect(replayTrace(trace)).toStrictEqual({ same: true, steps: trace.steps.length - 1, property: trace.violation.property, message: trace.violation.message });
  });

  test.each(cases)('%s, %s mode: also after a round trip through JSON text and the trace loader', (name, mode) => {
    const trace = traceOf(name, mode);
    const loaded = parseTrace(JSON.parse(JSON.stringify(trace, null, 1)), 'x.trace.json');
    expect(loaded).toStrictEqual(trace);
    expect(replayTrace(loaded).same).toBe(true);
  });

  test('the recorded answers of the steps, in order, are the choices', () => {
    for (const [name, mode] of cases) {
      const trace = traceOf(name, mode);
      expect(trace.steps.flatMap((step) => step.answers)).toStrictEqual(trace.choices);
    }
  });
});

describe('a tampered trace diverges, and the message names the step', () => {
  test.each(cases)("%s, %s mode: an edited client state is reported at its step and field", (name, mode) => {
    const trace = traceOf(name, mode);
    const index = Math.floor(trace.steps.length / 2);
    const step = trace.steps[index]!;
    (step.clients[0]!.state as Record<string, unknown>).pc = 'edited';
    const outcome = replayTrace(trace);
    expect(outcome).toMatchObject({ same: false, step: index });
    if (outcome.same) return;
    expect(outcome.reason).toContain(`step ${index} (t=${step.tick}, ${step.client}) differs at clients[0].state.pc`);
    expect(outcome.reason).toContain('the trace has "edited"');
  });

  test.each(cases)('%s, %s mode: every edited choice is reported at the step that consumed it', (name, mode) => {
    const original = traceOf(name, mode);
    original.choices.forEach((answer, index) => {
      const trace = JSON.parse(JSON.stringify(original)) as TraceFile;
      // One more than recorded: another valid answer where there is one, else out of range.
      trace.choices[index] = answer + 1;
      const outcome = replayTrace(trace);
      const expected = stepOfChoice(original, index);
      expect(outcome, `choice ${index}`).toMatchObject({ same: false, step: expected });
      if (!outcome.same) expect(outcome.reason, `choice ${index}`).toMatch(new RegExp(`^step ${expected} \\(t=\\d+`));
    });
  });

  test('a dropped choice is reported at the step that runs out of answers', () => {
    const trace = traceOf('listLag', 'exhaustive');
    const last = trace.choices.length - 1;
    trace.choices.pop();
    expect(replayTrace(trace)).toMatchObject({ same: false, step: stepOfChoice(traceOf('listLag', 'exhaustive'), last) });
  });

  test('an extra choice is reported: the re-run does not end where the trace does', () => {
    const trace = traceOf('listLag', 'exhaustive');
    trace.choices.push(0);
    const outcome = replayTrace(trace);
    expect(outcome).toMatchObject({ same: false, step: trace.steps.length - 1 });
    if (!outcome.same) expect(outcome.reason).toContain('1 answers left over');
  });

  test('an edited violation is reported at the last step', () => {
    const trace = traceOf('strictTie', 'exhaustive');
    trace.violation.message = 'nobody holds anything';
    const outcome = replayTrace(trace);
    expect(outcome).toMatchObject({ same: false, step: trace.steps.length - 1 });
    if (!outcome.same) expect(outcome.reason).toContain('the violation differs at violation.message');
  });

  test('a changed protocol option in the embedded scenario makes the re-run diverge', () => {
    const trace = traceOf('strictTie', 'exhaustive');
    trace.scenario.protocol.tieBreak = 'client-id';
    const outcome = replayTrace(trace);
    expect(outcome.same).toBe(false);
    if (!outcome.same) expect(outcome.step).not.toBeNull();
  });
});

describe('firstDifference', () => {
  test('finds the first differing path, object keys sorted, arrays by index', () => {
    expect(firstDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeNull();
    expect(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).toStrictEqual({ path: 'b[1]', expected: '2', actual: '3' });
    expect(firstDifference({ z: 1, a: { c: 'x' } }, { z: 2, a: { c: 'y' } })).toStrictEqual({ path: 'a.c', expected: '"x"', actual: '"y"' });
    expect(firstDifference([1], [1, 2])).toStrictEqual({ path: '[1]', expected: 'nothing', actual: '2' });
    expect(firstDifference(1, 'one')).toStrictEqual({ path: '(whole value)', expected: '1', actual: '"one"' });
  });
});
