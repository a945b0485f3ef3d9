// A trace as swimlanes: one lane per client and one for the store, one row
// per step, each row's event in the lane of whoever acted (the store for
// commits and the initial state). The viewer and the html export draw the
// same rows, so they tell the same story.

import type { Effect, Reply, Request } from '../../model/index.ts';
import { describeReply, describeRequest } from './describeAction.ts';
import { loopStartOf } from './loopStart.ts';
import { describeStale, staleFiles, type StaleFile } from './staleFiles.ts';
import type { TraceFile, TraceStep } from './traceFile.ts';

/** The store's lane id; client ids are letters, digits, _ and -, so none can equal it. */
export const storeLane = '(store)';

export type TimelineRow = {
  index: number;
  tick: number;
  client: string | null;
  /** The step's kind as written, known or not. */
  kind: string;
  /** The lane the event is drawn in: a client id, or storeLane. */
  lane: string;
  /** The event in a few words, e.g. `put PENDING-A` or `A list → [PENDING-A]`. */
  text: string;
  /** The section the client entered at this step, or null. */
  enters: string | null;
  /** The section the client left at this step, or null. */
  leaves: string | null;
  /** Each client's critical section after the step, by client id. */
  sections: Record<string, string | null>;
  /** Files a list committed here did not show as they are. */
  stale: StaleFile[];
  /** Properties broken after this step. */
  broken: string[];
  violation: boolean;
  loopStart: boolean;
};

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function compactRequest(request: Request): string {
  switch (request.kind) {
    case 'list':
      return `list ${request.prefix}`;
    case 'put':
      return `put ${baseName(request.name)}`;
    case 'create':
      return `create ${baseName(request.name)}`;
    case 'cas':
      return `compare-and-swap ${baseName(request.name)} v${request.expectedVersion}`;
    case 'delete':
      return `delete ${baseName(request.name)}`;
    case 'write':
      return request.token === undefined ? 'data write' : `data write (token ${request.token})`;
    case 'date':
      return 'date';
  }
}

function compactReply(reply: Reply): string {
  if (reply.kind === 'listed') return `[${reply.files.map((file) => baseName(file.name)).join(', ')}]`;
  return describeReply(reply);
}

function compactEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'wait':
      return `wait ${effect.ticks}`;
    case 'enter':
      return `ENTER ${effect.section}`;
    case 'exit':
      return `leave ${effect.section}`;
    case 'done':
      return effect.outcome === 'finished' ? 'done' : 'gives up';
    case 'arm':
      return `arm +${effect.afterTicks}`;
    case 'disarm':
      return 'disarm';
    case 'end':
      return 'end';
    case 'all':
      return effect.requests.map(compactRequest).join(' | ');
    default:
      return compactRequest(effect);
  }
}

function compactCommit(step: TraceStep): string {
  const request = step.request;
  const reply = step.reply;
  if (request === null || reply === null) return step.action;
  if (request.kind === 'list') return `${compactRequest(request)} → ${compactReply(reply)}`;
  const answer = reply.kind === 'ok' ? '' : ` → ${compactReply(reply)}`;
  return `${compactRequest(request)}${answer}`;
}

/** The row text of a step: generic for kinds this version does not know. */
function rowText(step: TraceStep): { lane: string; text: string } {
  const kind = step.kind as string;
  if (kind === 'init') return { lane: storeLane, text: 'start' };
  if (kind === 'commit' && step.client !== null) return { lane: storeLane, text: `${step.client} ${compactCommit(step)}` };
  if (kind === 'step' && step.client !== null && step.effect !== null) return { lane: step.client, text: compactEffect(step.effect) };
  return { lane: step.client ?? storeLane, text: step.action };
}

export function timelineRows(trace: TraceFile): TimelineRow[] {
  const loopStart = loopStartOf(trace);
  const rows = trace.steps.map((step): TimelineRow => {
    const { lane, text } = rowText(step);
    const effect = step.kind === 'step' ? step.effect : null;
    return {
      index: step.index,
      tick: step.tick,
      client: step.client,
      kind: step.kind,
      lane,
      text,
      enters: effect?.kind === 'enter' ? effect.section : null,
      leaves: effect?.kind === 'exit' ? effect.section : null,
      sections: Object.fromEntries(step.clients.map((client) => [client.id, client.section])),
      stale: staleFiles(step),
      broken: Object.entries(step.properties).filter(([, broken]) => broken !== null).map(([name]) => name),
      violation: step.index === trace.violation.step,
      loopStart: step.index === loopStart,
    };
  });
  if (rows.length !== trace.steps.length) throw new Error('timelineRows: one row per step');
  return rows;
}

/** The lanes in order: the scenario's clients, then the store. */
export function laneIds(trace: TraceFile): string[] {
  return [...trace.scenario.clients.map((client) => client.id), storeLane];
}

/** The stale files of a row as words, e.g. `missed PENDING-B`. */
export function staleText(row: TimelineRow): string {
  return row.stale.map(describeStale).join(', ');
}
