// The export formats by name: one place that maps `--format` to a renderer.

import { formatTrace } from '../trace/formatTrace.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { htmlExport } from './htmlExport.ts';
import { mermaidExport } from './mermaidExport.ts';

export const exportFormats = ['mermaid', 'html', 'text'] as const;

export type ExportFormat = (typeof exportFormats)[number];

export function isExportFormat(name: string): name is ExportFormat {
  return (exportFormats as readonly string[]).includes(name);
}

export function formatExport(trace: TraceFile, format: ExportFormat): string {
  switch (format) {
    case 'mermaid':
      return mermaidExport(trace);
    case 'html':
      return htmlExport(trace);
    case 'text':
      // The same text as `locksim show`.
      return formatTrace(trace);
  }
}
