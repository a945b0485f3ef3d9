// The top line: which trace, how it was found, and what broke.

import type { TraceFile } from '../trace/traceFile.ts';
import { fitLine, type StyledLine } from './styledLine.ts';
import { StyledLineView } from './StyledLineView.tsx';
import { traceOrigin } from '../trace/traceOrigin.ts';

export function headerLine(trace: TraceFile, filter: string | null, width: number): StyledLine {
  const { scenario } = trace;
  const origin = traceOrigin(trace, 'shortest counterexample');
  const line: StyledLine = [
    { text: 'locksim', bold: true },
    { text: ` · ${scenario.name} · ` },
    { text: `✗ ${trace.violation.property} at step ${trace.violation.step}`, color: 'red', bold: true },
    { text: ` · ${scenario.protocol.name} · ${origin}` },
  ];
  if (filter !== null) line.splice(3, 0, { text: ` · showing ${filter} only`, color: 'yellow', bold: true });
  return fitLine(line, width);
}

export function Header({ trace, filter, width }: { trace: TraceFile; filter: string | null; width: number }) {
  return <StyledLineView line={headerLine(trace, filter, width)} />;
}
