// Reads and checks a trace file. Anything that is not a locksim trace is an
// InputError naming the file and the field. The paths a trace file holds are
// resolved relative to the file (version 2) or to the working directory
// (version 1, which held them that way), and come back relative to the
// working directory, as every path is in memory.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathFromFile } from '../scenario/filePaths.ts';
import { InputError, formatFieldPath } from '../scenario/inputError.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { TraceFile } from './traceFile.ts';
import { traceVersion, traceVersionsRead } from './traceFile.ts';
import { traceSchema } from './traceSchema.ts';

/** `file`: where the value was read from; relative paths in a version 2 trace are resolved from its folder. */
export function parseTrace(value: unknown, file: string): TraceFile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(file, '', null, 'expected a locksim trace (a JSON object with "format": "locksim-trace")');
  }
  const format = (value as { format?: unknown }).format;
  if (format !== 'locksim-trace') {
    throw new InputError(file, 'format', null, `expected "locksim-trace"; got ${JSON.stringify(format) ?? 'nothing'}: not a locksim trace`);
  }
  const version = (value as { version?: unknown }).version;
  if (!(traceVersionsRead as readonly unknown[]).includes(version)) {
    const newer = typeof version === 'number' && version > traceVersion ? ' (written by a newer locksim?)' : '';
    throw new InputError(file, 'version', null, `expected a trace format version this locksim reads (${traceVersionsRead.join(' or ')}); got ${JSON.stringify(version) ?? 'nothing'}${newer}`);
  }
  const parsed = traceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, formatFieldPath(issue.path), null, `expected a locksim trace field: ${issue.message}`);
  }
  const relativeToFile = parsed.data.version >= 2;
  const baseDir = relativeToFile ? dirname(resolve(file)) : process.cwd();
  const scenario = parseScenario(parsed.data.scenario, `${file} (embedded scenario)`, undefined, baseDir);
  const given = parsed.data.scenarioFile;
  const scenarioFile = given === null || !relativeToFile ? given : pathFromFile(file, given);
  const trace = { ...parsed.data, version: traceVersion, scenarioFile, scenario } as TraceFile;
  const last = trace.steps[trace.steps.length - 1]!;
  if (trace.violation.step !== last.index) {
    throw new InputError(file, 'violation.step', null, `expected the index of the last step (${last.index}); got ${trace.violation.step}`);
  }
  trace.steps.forEach((step, index) => {
    if (step.index !== index) throw new InputError(file, `steps[${index}].index`, null, `expected ${index}; got ${step.index}`);
  });
  return trace;
}

export function loadTrace(file: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, '', null, `cannot read file (${code === 'ENOENT' ? 'no such file' : code ?? 'unknown error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, '', null, `expected a locksim trace in JSON: ${(error as Error).message}`);
  }
  return parseTrace(value, file);
}
