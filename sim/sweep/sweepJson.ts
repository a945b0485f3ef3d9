// A sweep as one JSON object: the params with their values, every cell in
// grid order, and the boundary per row. The same content as the table.

import { safeFrom, type SweepResult } from './sweepResult.ts';
import type { SweepAxis } from './sweepPlan.ts';

function axisJson(axis: SweepAxis, role: 'rows' | 'columns') {
  return { path: axis.param.path, axis: role, kind: axis.kind, given: axis.param.texts, values: axis.values, labels: axis.labels };
}

export function sweepJson(result: SweepResult): string {
  const { plan } = result;
  const { rows, columns } = plan;
  const axes = rows === null ? [columns] : [rows, columns];
  const from = safeFrom(result);
  return JSON.stringify({
    scenario: plan.file,
    name: plan.base.name,
    properties: plan.base.properties,
    params: rows === null ? [axisJson(columns, 'columns')] : [axisJson(rows, 'rows'), axisJson(columns, 'columns')],
    cells: result.cells.map((cell, index) => {
      const row = Math.floor(index / columns.values.length);
      const column = index % columns.values.length;
      const indexes = rows === null ? [column] : [row, column];
      return {
        row: rows === null ? null : row,
        column,
        values: Object.fromEntries(axes.map((axis, at) => [axis.param.path, axis.values[indexes[at]!]])),
        ...cell,
      };
    }),
    boundary: from.map((column, row) => ({
      row: rows === null ? null : row,
      value: rows === null ? null : rows.values[row],
      smallestSafe: column === null ? null : columns.values[column],
    })),
  });
}
