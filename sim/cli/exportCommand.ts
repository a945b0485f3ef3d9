// `locksim export <trace> --format mermaid|html|text [--out file]`: the trace
// for reviews, on stdout or into a file.

import { formatExport, isExportFormat } from '../export/formatExport.ts';
import { InputError } from '../scenario/inputError.ts';
import { loadTrace } from '../trace/loadTrace.ts';
import type { Io } from './main.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type ExportOptions = { format: string; out?: string };

export function exportCommand(file: string, options: ExportOptions, io: Io): number {
  // commander checks the choices too; this keeps the function safe on its own.
  if (!isExportFormat(options.format)) throw new InputError('--format', '', null, `expected one of mermaid, html, text; got ${JSON.stringify(options.format)}`);
  const text = formatExport(loadTrace(file), options.format);
  if (options.out === undefined) {
    io.out(text.trimEnd());
    return 0;
  }
  writeFileAtomic(options.out, text);
  io.out(`wrote ${options.out}`);
  return 0;
}
