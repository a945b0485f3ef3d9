// Reads and checks a trace file. Anything that is not a locksim trace is an
// InputError naming the file and the field.

import { readFileSync } from 'node:fs';
import { InputError, formatFieldPath } from '../scenario/inputError.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { TraceFile } from './traceFile.ts';
import { traceSchema } from './traceSchema.ts';

export function parseTrace(value: unknown, file: string): TraceFile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(file, '', null, 'expected a locksim trace (a JSON object with "format": "locksim-trace")');
  }
  const format = (value as { format?: unknown }).format;
  if (format !== 'locksim-trace') {
    throw new InputError(file, 'format', null, `expected "locksim-trace"; got ${JSON.stringify(format) ?? 'nothing'}: not a locksim trace`);
  }
  const parsed = traceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, formatFieldPath(issue.path), null, `expected a locksim trace field: ${issue.message}`);
  }
  const scenario = parseScenario(parsed.data.scenario, `${file} (embedded scenario)`);
  const trace = { ...parsed.data, scenario } as TraceFile;
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
