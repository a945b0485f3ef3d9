import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Chooser } from '../../../sim/engine/chooser.ts';
import { choiceVectorsMax, enumerateChoices, Odometer } from '../../../sim/engine/enumerateChoices.ts';

/** Every vector `enumerateChoices` visits for a body that asks fixed counts. */
function vectorsOf(counts: readonly number[]): number[][] {
  const seen: number[][] = [];
  const total = enumerateChoices(
    (chooser) => counts.map((count, index) => chooser.pick(count, `q${index}`)),
    (result, answers) => {
      expect(result).toStrictEqual(answers);
      seen.push(answers.slice());
    },
  );
  expect(total).toBe(seen.length);
  return seen;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    if (a[index] !== b[index]) return a[index]! < b[index]!;
  }
  return a.length < b.length;
}

/** The product of ranges, built independently: the reference enumeration. */
function product(counts: readonly number[]): number[][] {
  return counts.reduce<number[][]>((vectors, count) => vectors.flatMap((vector) => Array.from({ length: count }, (_, answer) => [...vector, answer])), [[]]);
}

describe('Odometer and enumerateChoices', () => {
  test('a body that asks nothing runs once, with no answers', () => {
    expect(vectorsOf([])).toStrictEqual([[]]);
  });

  test('counts 2, 3 give six vectors in lexicographic order', () => {
    expect(vectorsOf([2, 3])).toStrictEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
  });

  test.prop([fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 })])(
    'enumerates exactly the product of counts, each vector once, in strictly increasing lexicographic order',
    (counts) => {
      const vectors = vectorsOf(counts);
      expect(vectors.length).toBe(counts.reduce((total, count) => total * count, 1));
      for (let index = 1; index < vectors.length; index += 1) expect(lexLess(vectors[index - 1]!, vectors[index]!)).toBe(true);
      expect(vectors).toStrictEqual(product(counts));
    },
  );

  test.prop([fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 })])(
    'when later questions depend on earlier answers, visits every leaf of the question tree once, in order',
    (widths) => {
      // Question i is asked only while every earlier answer is 0; its count depends on the answers so far.
      const body = (chooser: Chooser): number[] => {
        const answers: number[] = [];
        for (let index = 0; index < widths.length; index += 1) {
          const count = widths[index]! + (answers.length > 0 ? answers[answers.length - 1]! : 0);
          const answer = chooser.pick(count, `q${index}`);
          answers.push(answer);
          if (answer !== 0) break;
        }
        return answers;
      };
      // Reference: the leaves, depth first.
      const leaves = (prefix: number[], index: number): number[][] => {
        if (index === widths.length) return [prefix];
        const count = widths[index]! + (prefix.length > 0 ? prefix[prefix.length - 1]! : 0);
        return Array.from({ length: count }, (_, answer) => [...prefix, answer]).flatMap((next) =>
          next[next.length - 1] !== 0 ? [next] : leaves(next, index + 1),
        );
      };
      const seen: number[][] = [];
      enumerateChoices(body, (result, answers) => {
        expect(result).toStrictEqual(answers);
        seen.push(answers.slice());
      });
      expect(seen).toStrictEqual(leaves([], 0));
    },
  );

  test('can be restarted: start() begins the enumeration again', () => {
    const odometer = new Odometer();
    const runAll = () => {
      const seen: number[][] = [];
      odometer.start();
      do {
        odometer.pick(2, 'a');
        odometer.pick(2, 'b');
        seen.push(odometer.answers());
      } while (odometer.advance());
      return seen;
    };
    const first = runAll();
    expect(first).toHaveLength(4);
    expect(runAll()).toStrictEqual(first);
  });

  test('a step whose counts change between runs is reported as nondeterministic', () => {
    let runs = 0;
    expect(() =>
      enumerateChoices(
        (chooser) => {
          runs += 1;
          chooser.pick(2, 'first');
          chooser.pick(runs === 1 ? 3 : 4, 'second');
        },
        () => {},
      ),
    ).toThrow('chooser: second changed its count between runs (nondeterministic step)');
  });

  test('rejects a count that is not a positive integer', () => {
    expect(() => enumerateChoices((chooser) => chooser.pick(0, 'next event'), () => {})).toThrow('chooser: next event asked with count 0');
  });

  test(`allows exactly choiceVectorsMax (${choiceVectorsMax}) vectors in one step, and no more`, () => {
    // Regression: the bound was checked one advance too early, so a step
    // with exactly choiceVectorsMax vectors (allowed: "above this" is the
    // error) threw after running all of them.
    const side = Math.sqrt(choiceVectorsMax);
    expect(Number.isInteger(side)).toBe(true);
    expect(enumerateChoices((chooser) => [chooser.pick(side, 'a'), chooser.pick(side, 'b')], () => {})).toBe(choiceVectorsMax);
    let ran = 0;
    expect(() =>
      enumerateChoices(
        (chooser) => {
          ran += 1;
          return [chooser.pick(side + 1, 'a'), chooser.pick(side, 'b')];
        },
        () => {},
      ),
    ).toThrow(`chooser: more than ${choiceVectorsMax} choice vectors in one step`);
    expect(ran).toBe(choiceVectorsMax);
  });
});
