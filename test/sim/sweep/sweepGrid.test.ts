import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { ProtocolFault } from '../../../sim/engine/simulator.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { loadScenario, loadScenarioText } from '../../../sim/scenario/loadScenario.ts';
import { parseParam } from '../../../sim/sweep/parseParam.ts';
import { sweepGrid } from '../../../sim/sweep/sweepGrid.ts';
import { sweepPlan } from '../../../sim/sweep/sweepPlan.ts';
import { lagBase, lagText, sweepBaseFile } from './sweepBase.ts';

// listLag 4..5 crosses pending-lock's boundary (safe up to 4, broken at 5);
// maxStates 50 stops every search short. Every verdict appears.
const grid = () => sweepPlan(sweepBaseFile, lagBase(), [parseParam('store.listLag=4..5'), parseParam('explore.maxStates=50,20000')]);

describe('sweepGrid', () => {
  test('each cell agrees with explore on the same scenario written out by hand', async () => {
    const plan = grid();
    const { explored } = await sweepGrid(plan.cells, sweepBaseFile, { jobs: 1, keepTraces: true });
    const byHand = [
      ['4', '50'],
      ['4', '20000'],
      ['5', '50'],
      ['5', '20000'],
    ].map(([lag, maxStates]) => explore(prepare(loadScenarioText(lagText({ listLag: `[0, ${lag}]`, maxStates }), sweepBaseFile)), sweepBaseFile));
    expect(explored.map((cell) => cell.result.verdict)).toEqual(['incomplete', 'safe', 'incomplete', 'violation']);
    explored.forEach((cell, index) => {
      expect(cell.result).toEqual(byHand[index]!.result);
      expect(cell.trace?.steps).toEqual(byHand[index]!.trace?.steps);
      expect(cell.trace?.violation).toEqual(byHand[index]!.trace?.violation);
    });
  });

  test('parallel and serial sweeps give identical results, in grid order', async () => {
    const plan = grid();
    const serial = await sweepGrid(plan.cells, sweepBaseFile, { jobs: 1, keepTraces: true });
    const parallel = await sweepGrid(plan.cells, sweepBaseFile, { jobs: 3, keepTraces: true });
    expect(serial.workers).toBe(1);
    expect(parallel.workers).toBe(3);
    expect(JSON.stringify(parallel.explored)).toBe(JSON.stringify(serial.explored));
  });

  test('progress counts every cell once, and traces are dropped unless kept', async () => {
    const plan = grid();
    const seen: number[] = [];
    const { explored } = await sweepGrid(plan.cells, sweepBaseFile, { jobs: 2, keepTraces: false, onCell: (done, total) => seen.push(done * 10 + total) });
    expect(seen).toEqual([14, 24, 34, 44]);
    expect(explored.every((cell) => cell.trace === null)).toBe(true);
    expect(explored[3]!.result.counterexample?.property).toBe('mutualExclusion');
  });

  test('a protocol fault in a worker comes back as the same ProtocolFault as in a serial sweep', async () => {
    const file = 'test/fixtures/protocols/throws-mid-run.yaml';
    const plan = sweepPlan(file, loadScenario(file), [parseParam('store.listLag=0,1')]);
    const faultOf = async (jobs: number) => {
      try {
        await sweepGrid(plan.cells, file, { jobs, keepTraces: false });
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolFault);
        const fault = error as ProtocolFault;
        return { message: fault.message, client: fault.client, state: fault.state, where: fault.where };
      }
      throw new Error('expected a protocol fault');
    };
    expect(await faultOf(2)).toEqual(await faultOf(1));
  });
});
