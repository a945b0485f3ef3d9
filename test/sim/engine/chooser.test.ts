import { describe, expect, test } from 'vitest';
import { ChoiceMismatch, RecordingChooser, ReplayChooser, type Chooser } from '../../../sim/engine/chooser.ts';

describe('ReplayChooser', () => {
  test('answers the recorded choices in order and counts them', () => {
    const chooser = new ReplayChooser([2, 0, 1]);
    expect(chooser.consumed).toBe(0);
    expect([chooser.pick(3, 'a'), chooser.pick(1, 'b'), chooser.pick(2, 'c')]).toStrictEqual([2, 0, 1]);
    expect(chooser.consumed).toBe(3);
  });

  test('throws ChoiceMismatch past the recorded choices, naming the question', () => {
    const chooser = new ReplayChooser([0]);
    chooser.pick(1, 'start of A');
    expect(() => chooser.pick(2, 'list lag')).toThrow(new ChoiceMismatch('no recorded choice for list lag'));
  });

  test('throws ChoiceMismatch for a recorded choice out of range, and does not consume it', () => {
    const chooser = new ReplayChooser([3]);
    expect(() => chooser.pick(3, 'send latency')).toThrow(new ChoiceMismatch('recorded choice 3 for send latency is out of range [0, 3)'));
    expect(chooser.consumed).toBe(0);
    expect(() => new ReplayChooser([-1]).pick(2, 'x')).toThrow(ChoiceMismatch);
  });
});

describe('RecordingChooser', () => {
  test('passes every answer through and records it, forced ones included', () => {
    const inner: Chooser = { pick: (count) => count - 1 };
    const chooser = new RecordingChooser(inner);
    expect([chooser.pick(4, 'a'), chooser.pick(1, 'b'), chooser.pick(2, 'c')]).toStrictEqual([3, 0, 1]);
    expect(chooser.answers).toStrictEqual([3, 0, 1]);
  });

  test('what it records replays to the same answers', () => {
    const recording = new RecordingChooser({ pick: (count, what) => what.length % count });
    const questions: [number, string][] = [[3, 'alpha'], [5, 'be'], [1, 'c'], [7, 'delta']];
    const first = questions.map(([count, what]) => recording.pick(count, what));
    const replay = new ReplayChooser(recording.answers);
    expect(questions.map(([count, what]) => replay.pick(count, what))).toStrictEqual(first);
  });
});
