// The detail pane for one step: what happened (tick, client, action, its
// arguments and result), then every client's protocol state and the store as
// that client sees it, with committed files it cannot see yet marked NOT YET.

import { describeEffect, describeReply, describeRequest } from '../trace/describeAction.ts';
import { describeStale, staleFiles } from '../trace/staleFiles.ts';
import type { TraceClient, TraceFile, TraceStep, TraceViewFile } from '../trace/traceFile.ts';
import { fitLine, type Segment, type StyledLine } from './styledLine.ts';
import { timerText } from '../trace/timerText.ts';

function kindWords(step: TraceStep): string {
  const kind = step.kind as string;
  if (kind === 'init') return 'initial state';
  if (kind === 'commit') return `the store applies ${step.client}'s request`;
  if (kind === 'step') return `${step.client}'s protocol steps`;
  return kind;
}

function phaseWords(client: TraceClient): string {
  switch (client.phase) {
    case 'ready':
      return `acts at t=${client.dueTick}`;
    case 'sent':
      return `request in flight, commits by t=${client.dueTick}`;
    case 'replying':
      return `reply in flight, arrives t=${client.dueTick}`;
    case 'done':
      return client.outcome === null ? 'done' : client.outcome === 'gave-up' ? 'gave up' : client.outcome;
    default:
      return String(client.phase);
  }
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** A file as lists show it (`PENDING-A@3/c2`: store time 3, writer's clock 2), with its version once there are several. */
function fileSegments(file: TraceViewFile): Segment[] {
  const name = baseName(file.name);
  const version = file.version > 1 ? ` v${file.version}` : '';
  const stamp = `@${file.mtimeTicks}${file.clientStampTicks !== file.mtimeTicks ? `/c${file.clientStampTicks}` : ''}`;
  if (file.visible) return [{ text: file.deleted ? `(${name} deleted)` : `${name}${version}${stamp}`, ...(file.deleted ? { dim: true } : {}) }];
  const seen = file.seenVersion === null ? '' : `, sees v${file.seenVersion}`;
  const what = file.deleted ? `${name} deleted` : `${name}${version}${stamp}`;
  return [{ text: `${what} NOT YET (t=${file.visibleTick}${seen})`, color: 'yellow', bold: true }];
}

export function viewLine(clientId: string, files: readonly TraceViewFile[], idWidth: number): StyledLine {
  const line: StyledLine = [{ text: `${' '.repeat(idWidth)}  sees: `, dim: true }];
  if (files.length === 0) line.push({ text: '(nothing)', dim: true });
  files.forEach((file, index) => {
    if (index > 0) line.push({ text: ', ' });
    line.push(...fileSegments(file));
  });
  if (clientId === '') throw new Error('viewLine: a client id is never empty');
  return line;
}

/** A client's state in one line, or two when `roomy` (its clock and what it waits for go on the second). */
export function clientLines(client: TraceClient, step: TraceStep, idWidth: number, roomy: boolean): StyledLine[] {
  const skew = client.clockTicks - step.tick;
  const line: StyledLine = [{ text: client.id.padEnd(idWidth), bold: true }, { text: ` ${client.role}` }];
  if (client.section !== null) line.push({ text: ` IN ${client.section.toUpperCase()}`, bold: true, color: client.section === 'exclusive' ? 'magenta' : 'cyan' });
  line.push({ text: `: ${client.describe}` });
  const when = `clock ${client.clockTicks} (${skew >= 0 ? '+' : ''}${skew}) · ${phaseWords(client)}${timerText(client, ' · ')}`;
  if (!roomy) return [[...line, { text: ` · ${when}`, dim: true }]];
  return [line, [{ text: `${' '.repeat(idWidth)}  ${when}`, dim: true }]];
}

function exchangeLine(step: TraceStep): StyledLine | null {
  const parts: string[] = [];
  if (step.request !== null) parts.push(`request ${describeRequest(step.request)}${step.request.kind === 'put' || step.request.kind === 'create' ? ` ${JSON.stringify(step.request.body)}` : ''}`);
  if (step.reply !== null) parts.push(`${step.kind === 'commit' ? 'answer' : 'reply'} ${describeReply(step.reply)}`);
  if (step.visibleTick !== null) parts.push(`others see it from t=${step.visibleTick}`);
  if (step.effect !== null) parts.push(`next ${describeEffect(step.effect)}`);
  return parts.length === 0 ? null : [{ text: `  ${parts.join(' · ')}` }];
}

/** With `roomy`, a line with the request's arguments, the reply and the next effect apart, and two lines per client state (wide screens have room). */
export function detailLines(trace: TraceFile, stepIndex: number, width: number, roomy = true): StyledLine[] {
  const step = trace.steps[stepIndex];
  if (step === undefined) throw new Error(`detailLines: no step ${stepIndex}`);
  const last = trace.steps.length - 1;
  const idWidth = Math.max(...step.clients.map((client) => client.id.length), 1);
  const lines: StyledLine[] = [
    [
      // Underlined: the details' first line also divides them from the timeline above.
      { text: `Step ${step.index} of ${last}`, bold: true, underline: true },
      { text: ` · t=${step.tick} · ${step.client ?? 'all clients'} · ${kindWords(step)}`, underline: true },
      ...(step.index === trace.violation.step ? [{ text: ` ✗ ${trace.violation.property} violated`, color: 'red' as const, bold: true }] : []),
    ],
    [{ text: `  ${step.action}${step.note === null ? '' : ` (${step.note})`}` }],
  ];
  const exchanged = roomy ? exchangeLine(step) : null;
  if (exchanged !== null) lines.push(exchanged);
  for (const file of staleFiles(step)) {
    lines.push([{ text: `  ! ${describeStale(file)}: ${step.client} sees it from t=${file.visibleTick}`, color: 'yellow' }]);
  }
  for (const client of step.clients) {
    lines.push(...clientLines(client, step, idWidth, roomy));
    lines.push(viewLine(client.id, step.views[client.id] ?? [], idWidth));
  }
  return lines.map((line) => fitLine(line, width));
}
