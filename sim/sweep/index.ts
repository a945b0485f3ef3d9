// locksim sweep's public surface: params, the grid plan, the runner, and the
// table, chart, CSV and JSON drawn from a finished sweep.

export type { SweepParam } from './parseParam.ts';
export type { ParamKind } from './applyParam.ts';
export type { SweepAxis, SweepPlan } from './sweepPlan.ts';
export type { SweepGridOptions, SweepGridRun } from './sweepGrid.ts';
export type { SweepCell, SweepResult } from './sweepResult.ts';

export { parseParam, sweepRoots, sweepValuesMax } from './parseParam.ts';
export { applyParam, isRangePath, paramKind, paramValue, valueAt } from './applyParam.ts';
export { sweepCellsMax, sweepPlan } from './sweepPlan.ts';
export { exploreCell } from './exploreCell.ts';
export { sweepGrid, sweepJobsMax } from './sweepGrid.ts';
export { boundaryLines, safeFrom, sweepCell } from './sweepResult.ts';
export { formatSweepTable } from './formatSweepTable.ts';
export { plotSweep } from './plotSweep.ts';
export { sweepCsv } from './sweepCsv.ts';
export { sweepJson } from './sweepJson.ts';
