import { describe, expect, test } from 'vitest';
import type { Protocol, ProtocolDeclarations } from '../../../model/index.ts';
import { activeNames, planReductions, reductionNames } from '../../../sim/engine/reductions.ts';
import type { ReductionName } from '../../../sim/engine/reductions.ts';
import { Simulator } from '../../../sim/engine/simulator.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';

function declaring(declares: ProtocolDeclarations<unknown> | undefined): Protocol {
  const { declares: _none, ...plain } = scriptProtocol({}, { log: false });
  return declares === undefined ? { ...plain, name: 'plain' } : { ...plain, name: 'declaring', declares };
}

const everything = declaring({ timeShiftInvariant: true, ageHorizonTicks: () => 0, fileFields: () => [] });
const nothing = declaring(undefined);
const scenario = testScenario({ clients: [{ id: 'A' }] });
const zeroLatency = testScenario({ clients: [{ id: 'A' }], store: { latency: [0, 1] } });

/** Every reduction asked for (the default). */
const allOn = {} as const;
const defaults = [...reductionNames];

const offNames = (plan: ReturnType<typeof planReductions>) => plan.off.map((entry) => entry.name);
const why = (plan: ReturnType<typeof planReductions>, name: ReductionName) => plan.off.find((entry) => entry.name === name)?.why;

describe('planReductions', () => {
  test('a protocol that declares everything, at latency 1, for safety: every reduction asked for is on, none off', () => {
    const plan = planReductions(allOn, everything, scenario, false);
    expect(activeNames(plan.active)).toStrictEqual([...reductionNames]);
    expect(plan.off).toStrictEqual([]);
  });

  test('the default (true, or {}) is every reduction', () => {
    for (const spec of [true, {}] as const) {
      const plan = planReductions(spec, everything, scenario, false);
      expect(activeNames(plan.active)).toStrictEqual(defaults);
      expect(plan.off).toStrictEqual([]);
    }
  });

  test('a protocol that declares nothing: relativeTime, oldTimes and fileFields off, each saying what is not declared', () => {
    const plan = planReductions(allOn, nothing, scenario, false);
    expect(plan.off).toStrictEqual([
      { name: 'relativeTime', why: 'protocol plain does not declare timeShiftInvariant' },
      { name: 'oldTimes', why: 'protocol plain does not declare ageHorizonTicks' },
      { name: 'fileFields', why: 'protocol plain does not declare fileFields' },
    ]);
    expect(activeNames(plan.active)).toStrictEqual(['partialOrder', 'reactAtCommit', 'terminal']);
  });

  test('each declaration turns on its own reduction only', () => {
    const shiftOnly = planReductions(true, declaring({ timeShiftInvariant: true }), scenario, false);
    expect(offNames(shiftOnly)).toStrictEqual(['oldTimes', 'fileFields']);
    expect(why(shiftOnly, 'oldTimes')).toBe('protocol declaring does not declare ageHorizonTicks');
    const fieldsOnly = planReductions(true, declaring({ fileFields: () => ['body'] }), scenario, false);
    expect(offNames(fieldsOnly)).toStrictEqual(['relativeTime', 'oldTimes']);
    expect(fieldsOnly.active.fileFields).toBe(true);
  });

  test('an age horizon without time-shift invariance does not turn oldTimes on', () => {
    const plan = planReductions(true, declaring({ ageHorizonTicks: () => 5 }), scenario, false);
    expect(plan.active.oldTimes).toBe(false);
    expect(why(plan, 'oldTimes')).toBe('protocol declaring does not declare timeShiftInvariant');
  });

  test('a timeShiftInvariant that is not true counts as not declared', () => {
    const plan = planReductions(true, declaring({ timeShiftInvariant: false, ageHorizonTicks: () => 0 }), scenario, false);
    expect(plan.active.relativeTime).toBe(false);
    expect(plan.active.oldTimes).toBe(false);
  });

  test('a timeShiftInvariant function is asked with the options, and its no names them as the reason', () => {
    const asked: unknown[] = [];
    const byOptions = declaring({ timeShiftInvariant: (options: unknown) => (asked.push(options), false), ageHorizonTicks: () => 0 });
    const plan = planReductions(true, byOptions, scenario, false, { unit: 2 });
    expect(asked).toStrictEqual([{ unit: 2 }]);
    expect(plan.active.relativeTime).toBe(false);
    expect(why(plan, 'relativeTime')).toBe('protocol declaring does not declare timeShiftInvariant for these options');
    const yes = planReductions(true, declaring({ timeShiftInvariant: () => true }), scenario, false, {});
    expect(yes.active.relativeTime).toBe(true);
  });

  test('latency 0: partialOrder off, with the reason', () => {
    const plan = planReductions(allOn, everything, zeroLatency, false);
    const reason = 'latency 0: an event can make another due at once';
    expect(plan.off).toStrictEqual([{ name: 'partialOrder', why: reason }]);
    expect(activeNames(plan.active)).toStrictEqual(['reactAtCommit', 'relativeTime', 'oldTimes', 'fileFields', 'terminal']);
  });

  test('liveness: partialOrder off, with the reason', () => {
    const plan = planReductions(allOn, everything, scenario, true);
    expect(plan.off).toStrictEqual([{ name: 'partialOrder', why: 'liveness checking needs every interleaving' }]);
    expect(activeNames(plan.active)).toStrictEqual(['reactAtCommit', 'relativeTime', 'oldTimes', 'fileFields', 'terminal']);
  });

  test('explore.reduce false: every reduction off, and none reported off (none was asked for)', () => {
    for (const protocol of [everything, nothing]) {
      for (const liveness of [false, true]) {
        const plan = planReductions(false, protocol, scenario, liveness);
        expect(activeNames(plan.active)).toStrictEqual([]);
        expect(plan.off).toStrictEqual([]);
      }
    }
  });

  test.each(reductionNames.map((name) => [name]))('explore.reduce { %s: false } turns that one off and leaves the rest on', (name) => {
    const plan = planReductions({ ...allOn, [name]: false }, everything, scenario, false);
    const expected = reductionNames.filter((other) => other !== name && !(name === 'relativeTime' && other === 'oldTimes'));
    expect(activeNames(plan.active)).toStrictEqual(expected);
    // relativeTime off takes oldTimes with it, and says so; otherwise nothing asked for is off.
    expect(plan.off).toStrictEqual(name === 'relativeTime' ? [{ name: 'oldTimes', why: 'relativeTime is off' }] : []);
  });

  // Known engine bug (reported): the 'relativeTime is off' entry is appended after the loop, so it lands
  // after fileFields, against ReductionPlan.off's "in reductionNames order". Flip to `test` once fixed.
  test('off is in reductionNames order, also when relativeTime off takes oldTimes with it', () => {
    const noFields = declaring({ timeShiftInvariant: true, ageHorizonTicks: () => 0 });
    const plan = planReductions({ relativeTime: false }, noFields, scenario, false);
    expect(offNames(plan)).toStrictEqual(['oldTimes', 'fileFields']);
  });

  test('per-name true is the same as leaving out a name that is on by default', () => {
    expect(planReductions({ terminal: true }, nothing, scenario, false)).toStrictEqual(planReductions({}, nothing, scenario, false));
    expect(planReductions({}, everything, zeroLatency, true)).toStrictEqual(planReductions(true, everything, zeroLatency, true));
  });

  test('the Simulator runs with the plan for its settings, and its age horizon is finite only with oldTimes', () => {
    const reduced = new Simulator(scenario, everything);
    expect(reduced.reductions).toStrictEqual(planReductions(true, everything, scenario, false).active);
    expect(Number.isFinite(reduced.ageHorizonTicks)).toBe(true);
    expect(new Simulator(scenario, everything, { reduce: { oldTimes: false } }).ageHorizonTicks).toBe(Number.POSITIVE_INFINITY);
    expect(new Simulator(scenario, nothing).ageHorizonTicks).toBe(Number.POSITIVE_INFINITY);
    const live = new Simulator(scenario, everything, { liveness: true });
    expect(live.reductions.partialOrder).toBe(false);
    expect(live.reduces).toBe(false);
    expect(new Simulator(scenario, everything, { reduce: false }).reductions).toStrictEqual(Object.fromEntries(reductionNames.map((name) => [name, false])));
  });
});
