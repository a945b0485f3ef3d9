// The text rendering of a trace, as `locksim show` prints it: a header with
// the verdict, one line per step (tick, client, what happened, and the
// client's state after it), then the violation and where everyone stands.

import type { TraceClient, TraceFile, TraceStep, TraceViewFile } from './traceFile.ts';
import { timerText } from './timerText.ts';
import { traceOrigin } from './traceOrigin.ts';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padLeft(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function holderMark(client: TraceClient | undefined): string {
  if (client === undefined || client.section === null) return '';
  return `  [${client.id} in ${client.section}]`;
}

export function formatStepLine(trace: TraceFile, step: TraceStep, idWidth: number): string {
  const client = step.client === null ? undefined : step.clients.find((each) => each.id === step.client);
  const who = pad(step.client ?? '-', idWidth);
  const note = step.note === null ? '' : `  (${step.note})`;
  const state = client === undefined || step.kind === 'commit' ? '' : `  {${client.describe}}`;
  const broken = trace.loop === null && step.index === trace.violation.step ? `  <<< ${trace.violation.property} violated` : '';
  return `${padLeft(String(step.index), 4)}  t=${pad(String(step.tick), 4)} ${who}  ${step.action}${note}${state}${holderMark(client)}${broken}`;
}

export function formatView(files: readonly TraceViewFile[]): string {
  if (files.length === 0) return '(empty)';
  return files
    .map((file) => {
      const base = file.deleted ? `${file.name} deleted` : `${file.name} v${file.version} by ${file.owner} @${file.mtimeTicks}`;
      if (file.visible) return base;
      const seen = file.seenVersion === null ? 'sees nothing' : `sees v${file.seenVersion}`;
      return `${base} (not yet visible: ${seen} until t=${file.visibleTick})`;
    })
    .join('; ');
}

export function formatTrace(trace: TraceFile): string {
  const { scenario } = trace;
  const idWidth = Math.max(...scenario.clients.map((client) => client.id.length), 1);
  const last = trace.steps[trace.steps.length - 1]!;
  const origin = traceOrigin(trace, 'exhaustive search (a shortest counterexample)');
  const lines: string[] = [
    `locksim trace: ${scenario.name}`,
    `protocol ${scenario.protocol.name}; clients ${scenario.clients.map((client) => `${client.id} (${client.role})`).join(', ')}; found by ${origin}`,
    trace.loop === null
      ? `violation: ${trace.violation.property}: ${trace.violation.message}, at step ${trace.violation.step} (t=${last.tick})`
      : `violation: ${trace.violation.property}: ${trace.violation.message}; steps ${trace.loop.start + 1} to ${trace.violation.step} repeat forever`,
    '',
  ];
  for (const step of trace.steps) {
    if (trace.loop !== null && step.index === trace.loop.start + 1) lines.push(`  ---- loop: from here to the last step, then again from here, forever ----`);
    lines.push(formatStepLine(trace, step, idWidth));
  }
  if (trace.loop !== null) lines.push(`  ---- the last step is back in the state of step ${trace.loop.start}: the loop repeats forever ----`);
  lines.push('', `at the violation (t=${last.tick}):`);
  for (const client of last.clients) {
    const section = client.section === null ? '' : `, IN ${client.section.toUpperCase()}`;
    lines.push(`  ${pad(client.id, idWidth)}  ${client.role}: ${client.describe}${section}; clock ${client.clockTicks}${timerText(client, '; ')}`);
    lines.push(`  ${pad('', idWidth)}  sees: ${formatView(last.views[client.id] ?? [])}`);
  }
  return `${lines.join('\n')}\n`;
}
