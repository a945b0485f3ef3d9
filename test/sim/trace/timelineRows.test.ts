import { describe, expect, test } from 'vitest';
import { loopStartOf } from '../../../sim/trace/loopStart.ts';
import { staleFiles } from '../../../sim/trace/staleFiles.ts';
import { laneIds, storeLane, timelineRows } from '../../../sim/trace/timelineRows.ts';
import type { TraceFile, TraceStep } from '../../../sim/trace/traceFile.ts';
import { violationStory } from '../../../sim/trace/violationStory.ts';
import { counterexample } from '../support/counterexamples.ts';

const trace = counterexample('lag-skew');
const rows = timelineRows(trace);

describe('timelineRows', () => {
  test('one row per step; commits and the start in the store lane, protocol steps in their client\'s', () => {
    expect(rows).toHaveLength(trace.steps.length);
    for (const row of rows) {
      const step = trace.steps[row.index]!;
      if (step.kind === 'step') expect(row.lane).toBe(step.client);
      else expect(row.lane).toBe(storeLane);
    }
    expect(laneIds(trace)).toEqual(['A', 'B', storeLane]);
  });

  test('a list commit shows what it returned; a put, what it wrote', () => {
    const list = rows.find((row) => row.kind === 'commit' && row.text.includes('list'))!;
    expect(list.text).toMatch(/^[AB] list locks\/ → \[.*\]$/);
    const put = rows.find((row) => row.kind === 'commit' && row.text.includes('put'))!;
    expect(put.text).toMatch(/^[AB] put PENDING-[AB]$/);
  });

  test('entering a section is marked, and each row knows who holds what', () => {
    const enters = rows.filter((row) => row.enters === 'exclusive').map((row) => row.client);
    expect(enters.sort()).toEqual(['A', 'B']);
    const final = rows.at(-1)!;
    expect(final.violation).toBe(true);
    expect(final.sections).toEqual({ A: 'exclusive', B: 'exclusive' });
    expect(final.broken).toEqual(['mutualExclusion']);
  });

  test('a list that missed a committed file is stale, and says which', () => {
    const stale = rows.filter((row) => row.stale.length > 0);
    expect(stale.length).toBeGreaterThan(0);
    for (const row of stale) {
      const step = trace.steps[row.index]!;
      expect(step.kind).toBe('commit');
      expect(step.request?.kind).toBe('list');
      for (const file of row.stale) {
        // The file was committed but this list did not return it.
        const listed = step.reply?.kind === 'listed' ? step.reply.files.map((each) => each.name) : [];
        if (file.how === 'missing') expect(listed).not.toContain(file.name);
        expect(file.visibleTick).toBeGreaterThan(step.tick);
      }
    }
  });

  test('staleFiles is empty for anything but a list commit', () => {
    for (const step of trace.steps) if (!(step.kind === 'commit' && step.request?.kind === 'list')) expect(staleFiles(step)).toEqual([]);
  });

  test('a step kind this version does not know is drawn from its action', () => {
    const step = trace.steps[1]!;
    const crash = { ...step, kind: 'crash', action: 'A crashes' } as unknown as TraceStep;
    const odd: TraceFile = { ...trace, steps: [trace.steps[0]!, crash, ...trace.steps.slice(2)] };
    const row = timelineRows(odd)[1]!;
    expect(row.kind).toBe('crash');
    expect(row.text).toBe('A crashes');
    expect(row.lane).toBe(step.client);
  });

  test('a loop start is marked when the trace has one, and nothing breaks without', () => {
    expect(loopStartOf(trace)).toBeNull();
    expect(rows.some((row) => row.loopStart)).toBe(false);
    const lasso = { ...trace, loop: { start: 4 } } as TraceFile;
    expect(loopStartOf(lasso)).toBe(4);
    expect(timelineRows(lasso).filter((row) => row.loopStart).map((row) => row.index)).toEqual([4]);
  });
});

describe('violationStory', () => {
  test('names the holders with the step each entered, and the stale lists before the violation', () => {
    const story = violationStory(trace, rows);
    expect(story.property).toBe('mutualExclusion');
    expect(story.holders.map((holder) => holder.client).sort()).toEqual(['A', 'B']);
    for (const holder of story.holders) {
      const entered = trace.steps[holder.enteredStep!]!;
      expect(entered.client).toBe(holder.client);
      expect(entered.effect).toEqual({ kind: 'enter', section: 'exclusive' });
      // The decision: the step that sent the put whose reply let it enter.
      const decided = trace.steps[holder.decidedStep!]!;
      expect(decided.client).toBe(holder.client);
      expect(decided.effect).toEqual(entered.request);
      expect(holder.decidedText).toBe(`put EXCLUSIVE-${holder.client}`);
    }
    expect(story.staleReads.map((read) => read.step)).toEqual(rows.filter((row) => row.stale.length > 0).map((row) => row.index));
    expect(story.staleReads.every((read) => read.text.startsWith('missed '))).toBe(true);
  });
});
