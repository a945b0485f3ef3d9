// Trace exports for reviews: mermaid, html, text.

export type { ExportFormat } from './formatExport.ts';

export { exportFormats, formatExport, isExportFormat } from './formatExport.ts';
export { htmlExport } from './htmlExport.ts';
export { mermaidExport, mermaidText } from './mermaidExport.ts';
