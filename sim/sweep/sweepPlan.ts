// The grid of a sweep: its axes and, for every cell, the scenario with the
// params applied, each validated by parseScenario before anything runs, so
// that a value that makes the scenario invalid is bad input (exit 2) naming
// the param and the value, and nothing is explored.

import { InputError } from '../scenario/inputError.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { applyParam, paramKind, paramValue, valueAt, type ParamKind } from './applyParam.ts';
import type { SweepParam } from './parseParam.ts';

/** Most cells in one sweep: sweepValuesMax on each side. */
export const sweepCellsMax = 10_000;

export type SweepAxis = {
  param: SweepParam;
  kind: ParamKind;
  /** Per value: the field as each cell's scenario holds it (a range as [min, max]). */
  values: unknown[];
  /** Per value, as tables show it: `[0,3]` for a range, the value otherwise. */
  labels: string[];
  /** The axis in file names: the path's last field, or the whole path when two axes share it. */
  fileName: string;
};

export type SweepPlan = {
  file: string;
  base: Scenario;
  /** The first param, down the side; null when only one param is swept. */
  rows: SweepAxis | null;
  /** The second param, across; the only param when one is swept. */
  columns: SweepAxis;
  /** Every cell's scenario, row by row. */
  cells: Scenario[];
  /** Every cell's settings as `path=label`, row by row, for names and messages. */
  settings: string[][];
};

type Setting = { axis: SweepAxis; index: number };

export function labelOf(kind: ParamKind, value: unknown): string {
  if (kind === 'range') {
    const [min, max] = value as [number, number];
    return `[${min},${max}]`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Throws InputError for more than two params, a path given twice, or any value that makes the scenario invalid. */
export function sweepPlan(file: string, base: Scenario, params: readonly SweepParam[]): SweepPlan {
  if (params.length === 0) throw new InputError('--param', '', null, 'expected one or two --param <path>=<values>, e.g. --param store.listLag=0..8; got none');
  if (params.length > 2) throw new InputError('--param', '', null, `expected one or two params (rows and columns); got ${params.length}`);
  const [first, second] = params;
  if (first !== undefined && second !== undefined && first.path === second.path) {
    throw new InputError(`--param ${second.given}`, '', null, `${second.path} is given twice; expected two different fields`);
  }
  if (first !== undefined && second !== undefined && overlaps(first, second)) {
    throw new InputError(`--param ${second.given}`, '', null, `expected a field apart from the other param's; ${second.path} and ${first.path} overlap`);
  }
  const lastKeys = params.map(lastKeyOf);
  const shared = lastKeys[0] === lastKeys[1];
  const axes = params.map((param, index) => axisOf(file, base, param, shared ? fileSafePath(param.path) : lastKeys[index]!));
  const rows = axes.length === 2 ? axes[0]! : null;
  const columns = axes[axes.length - 1]!;
  if ((rows?.values.length ?? 1) * columns.values.length > sweepCellsMax) {
    throw new InputError('--param', '', null, `expected at most ${sweepCellsMax} cells; got ${(rows?.values.length ?? 1) * columns.values.length}`);
  }
  const cells: Scenario[] = [];
  const settings: string[][] = [];
  for (const rowIndex of rows === null ? [null] : rows.values.map((_value, index) => index)) {
    columns.values.forEach((_value, columnIndex) => {
      const cell: Setting[] = [...(rows === null || rowIndex === null ? [] : [{ axis: rows, index: rowIndex }]), { axis: columns, index: columnIndex }];
      const where = cell.map(({ axis, index }) => `${axis.param.path}=${axis.labels[index]}`);
      cells.push(cellScenario(file, base, cell, (problem) => new InputError('--param', '', null, `the cell ${where.join(', ')} is not a valid scenario: ${problem}`)));
      settings.push(where);
    });
  }
  return { file, base, rows, columns, cells, settings };
}

function overlaps(a: SweepParam, b: SweepParam): boolean {
  const length = Math.min(a.segments.length, b.segments.length);
  return a.segments.slice(0, length).every((segment, index) => segment === b.segments[index]);
}

function lastKeyOf(param: SweepParam): string {
  const keys = param.segments.filter((segment): segment is string => typeof segment === 'string');
  return keys[keys.length - 1]!;
}

function fileSafePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '$1');
}

/** One axis, each of its values checked alone against the base scenario. */
function axisOf(file: string, base: Scenario, param: SweepParam, fileName: string): SweepAxis {
  const kind = paramKind(param);
  const values = param.texts.map((text) => paramValue(base, param, text));
  const axis: SweepAxis = { param, kind, values, labels: values.map((value) => labelOf(kind, value)), fileName };
  param.texts.forEach((text, index) => {
    const shown = kind === 'range' ? ` (${param.path} ${axis.labels[index]})` : '';
    const bad = (problem: string) => new InputError(`--param ${param.given}`, '', null, `value ${text}${shown} makes the scenario invalid: ${problem}`);
    cellScenario(file, base, [{ axis, index }], bad);
  });
  return axis;
}

/** The base with the settings applied, validated; a cell has no `expect` and no `fuzz` section, which `check` ignores. */
function cellScenario(file: string, base: Scenario, cell: readonly Setting[], bad: (problem: string) => InputError): Scenario {
  const { fuzz: _fuzz, ...rest } = structuredClone(base);
  const where = cell.map(({ axis, index }) => `${axis.param.path}=${axis.labels[index]}`).join(', ');
  const value: Record<string, unknown> = { ...rest, name: `${base.name} (${where})`, expect: null };
  for (const { axis, index } of cell) applyParam(value, axis.param, axis.values[index]);
  let scenario: Scenario;
  try {
    // A normalized scenario holds a module path relative to the working directory.
    scenario = parseScenario(value, file, undefined, process.cwd());
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw bad(error.fieldPath === '' ? error.problem : `${error.fieldPath}: ${error.problem}`);
  }
  for (const { axis, index } of cell) {
    // A protocol whose options schema is not strict drops a field it does
    // not know: the sweep would vary nothing, silently.
    const kept = valueAt(scenario, axis.param.segments);
    if (JSON.stringify(kept) !== JSON.stringify(axis.values[index]) && String(kept) !== String(axis.values[index])) {
      throw bad(`${axis.param.path}: the scenario does not keep it (got ${kept === undefined ? 'no such field' : JSON.stringify(kept)}); expected a field of the scenario or its protocol's options`);
    }
  }
  return scenario;
}
