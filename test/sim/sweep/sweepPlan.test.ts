import { describe, expect, test } from 'vitest';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { loadScenario, loadScenarioText } from '../../../sim/scenario/loadScenario.ts';
import { parseScenario } from '../../../sim/scenario/parseScenario.ts';
import { parseParam } from '../../../sim/sweep/parseParam.ts';
import { sweepPlan } from '../../../sim/sweep/sweepPlan.ts';
import { lagBase, sweepBaseFile } from './sweepBase.ts';

function plan(...given: string[]) {
  return sweepPlan(sweepBaseFile, lagBase(), given.map(parseParam));
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).not.toContain('\n');
    return (error as InputError).message;
  }
  throw new Error('expected bad input');
}

describe('sweepPlan: the grid', () => {
  test('the first param is the rows, the second the columns, cells row by row', () => {
    const grid = plan('store.listLag=3..5', 'protocol.tieBreak=client-id,strict');
    expect(grid.rows?.labels).toEqual(['[0,3]', '[0,4]', '[0,5]']);
    expect(grid.columns.labels).toEqual(['client-id', 'strict']);
    expect(grid.cells.map((cell) => [cell.store.listLag, cell.protocol.tieBreak])).toEqual([
      [[0, 3], 'client-id'],
      [[0, 3], 'strict'],
      [[0, 4], 'client-id'],
      [[0, 4], 'strict'],
      [[0, 5], 'client-id'],
      [[0, 5], 'strict'],
    ]);
    expect(grid.settings[1]).toEqual(['store.listLag=[0,3]', 'protocol.tieBreak=strict']);
  });

  test('one param is the columns of a single row', () => {
    const grid = plan('protocol.pollInterval=1,2');
    expect(grid.rows).toBeNull();
    expect(grid.cells.map((cell) => cell.protocol.pollInterval)).toEqual([1, 2]);
  });

  test('each cell is a valid, normalized scenario: the base with only the params changed, no expect, no fuzz', () => {
    const base = loadScenarioText(`${'name: lag\nprotocol: { name: pending-lock }\nclients: [ { id: A, role: upgrader }, { id: B, role: upgrader } ]\nstore: { listLag: [1, 2] }'}\nexpect: violation\nfuzz: { listLag: [0, 3] }\n`, sweepBaseFile);
    const grid = sweepPlan(sweepBaseFile, base, [parseParam('store.listLag=2..3')]);
    for (const cell of grid.cells) {
      expect(parseScenario(cell, sweepBaseFile)).toEqual(cell);
      expect(cell.expect).toBeNull();
      expect(cell.fuzz).toBeUndefined();
      const { name: _name, store: _store, expect: _expect, fuzz: _fuzz, ...rest } = base;
      const { name: _cellName, store: _cellStore, expect: _cellExpect, fuzz: _cellFuzz, ...cellRest } = cell;
      expect(cellRest).toEqual(rest);
      expect(cell.store).toEqual({ ...base.store, listLag: cell.store.listLag });
    }
    expect(grid.cells.map((cell) => cell.store.listLag)).toEqual([[1, 2], [1, 3]]);
    expect(grid.cells[1]!.name).toBe('lag (store.listLag=[1,3])');
  });

  test('two params that end in the same field name are told apart in file names', () => {
    const base = loadScenarioText('protocol: { name: pending-lock }\nclients: [ { id: A, role: upgrader, start: [0, 1] }, { id: B, role: upgrader } ]\nstore: {}\n', sweepBaseFile);
    const grid = sweepPlan(sweepBaseFile, base, [parseParam('clients[0].start=1,2'), parseParam('clients[1].start=0,1')]);
    expect([grid.rows?.fileName, grid.columns.fileName]).toEqual(['clients0.start', 'clients1.start']);
    expect(plan('store.listLag=1', 'protocol.pollInterval=1').columns.fileName).toBe('pollInterval');
  });
});

describe('sweepPlan: bad input before anything runs, naming the param and the value', () => {
  test.each([
    [['store.listLag=1..3', 'protocol.tieBreak=strict', 'store.latency=1'], '--param: expected one or two params (rows and columns); got 3'],
    [[], '--param: expected one or two --param'],
    [['store.listLag=1', 'store.listLag=2'], '--param store.listLag=2: store.listLag is given twice'],
    [['store.listLag=1', 'store.listLag[0]=0'], 'store.listLag[0] and store.listLag overlap'],
    [['store.lisLag=1..3'], '--param store.lisLag=1..3: value 1 makes the scenario invalid: store.lisLag: unknown field "lisLag"; expected one of profile, latency, listLag'],
    [['protocol.verifyDelay=1..3'], '--param protocol.verifyDelay=1..3: value 1 makes the scenario invalid: protocol.verifyDelay: unknown field "verifyDelay"'],
    [['protocol.tieBreak=client-id,fair'], '--param protocol.tieBreak=client-id,fair: value fair makes the scenario invalid: protocol.tieBreak: expected one of client-id, strict, loose; got "fair"'],
    [['store.latency=0..2'], '--param store.latency=0..2: value 0 (store.latency [1,0]) makes the scenario invalid: store.latency: expected a range [min, max] with min <= max'],
    [['explore.maxStates=0,10'], 'value 0 makes the scenario invalid: explore.maxStates: expected an integer >= 1; got 0'],
    [['clients[1].id=A'], 'value A makes the scenario invalid: clients[1].id: duplicate client id "A"'],
    [['store.listLag=0..3', 'protocol.pollInterval=0'], '--param protocol.pollInterval=0: value 0 makes the scenario invalid'],
  ])('%j', (given, message) => {
    expect(problemOf(() => plan(...given))).toContain(message);
  });

  test('a field that a protocol with a loose options schema drops is bad input, not a sweep of nothing', () => {
    const file = 'test/sim/sweep/fixtures/loose-options.yaml';
    const base = loadScenario(file);
    expect(sweepPlan(file, base, [parseParam('protocol.delay=1,2')]).cells.map((cell) => cell.protocol.delay)).toEqual([1, 2]);
    expect(problemOf(() => sweepPlan(file, base, [parseParam('protocol.dealy=1,2')]))).toContain(
      '--param protocol.dealy=1,2: value 1 makes the scenario invalid: protocol.dealy: the scenario does not keep it (got no such field)',
    );
  });
});
