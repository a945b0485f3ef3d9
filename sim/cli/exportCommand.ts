// `locksim export <trace> --format mermaid|html|text [--out file]`: the trace
// for reviews, on stdout or into a file.

import { formatExport, isExportFormat } from '../export/formatExport.ts';
import { InputError } from '../scenario/inputError.ts';
import { loadTrace } from '../trace/loadTrace.ts';
import { tracePathsFrom } from '../trace/traceText.ts';
import type { Io } from './main.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type ExportOptions = { format: string; out?: string };

export function exportCommand(file: string, options: ExportOptions, io: Io): number {
  // commander checks the choices too; this keeps the function safe on its own.
  if (!isExportFormat(options.format)) throw new InputError('--format', '', null, `expected one of mermaid, html, text; got ${JSON.stringify(options.format)}`);
  const trace = loadTrace(file);
  if (options.out === undefined) {
    io.out(formatExport(trace, options.format).trimEnd());
    return 0;
  }
  // The paths an exported file shows (the scenario file, the protocol module) are relative to that file, as in a trace file.
  writeFileAtomic(options.out, formatExport(tracePathsFrom(trace, options.out), options.format));
  io.out(`wrote ${options.out}`);
  return 0;
}
