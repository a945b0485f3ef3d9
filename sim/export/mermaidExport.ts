// A trace as a mermaid sequence diagram, for reviews in a pull request: one
// participant per client plus the store; one message per request, drawn when
// the store commits it (so the arrows at the store are in commit order), and
// one per reply, drawn when the client receives it; notes where a client
// enters or leaves a critical section, where a list missed a committed file,
// with the reason a client gave for a request,
// and at the violation.

import { describeEffect, describeReply, describeRequest } from '../trace/describeAction.ts';
import { loopStartOf } from '../trace/loopStart.ts';
import { describeStale, staleFiles } from '../trace/staleFiles.ts';
import type { TraceFile, TraceStep } from '../trace/traceFile.ts';

/** The store's participant id; clients are c0, c1, ... so no client id can clash with it or with mermaid's keywords. */
const storeId = 'store';

/**
 * Text as mermaid shows it literally. `#` starts an entity code and `;` ends
 * a statement, so both become entity codes, as do `<` and `>` (HTML inside
 * labels); newlines would end the line.
 */
export function mermaidText(text: string): string {
  // One pass: escaping `#` first and `;` after would escape the `;` of `#35;`.
  return text.replace(/[\r\n]+/g, ' ').replace(/%%|[#;<>]/g, (found) => entityCodes[found]!);
}

const entityCodes: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#60;', '>': '#62;', '%%': '%#37;' };

function participantIds(trace: TraceFile): Map<string, string> {
  return new Map(trace.scenario.clients.map((client, index) => [client.id, `c${index}`]));
}

function stepLabel(step: TraceStep, text: string): string {
  // A timer flow's event says so: the same client, its other flow.
  return mermaidText(`${step.index} t=${step.tick}: ${step.timer === true ? 'timer: ' : ''}${text}`);
}

function stepLines(trace: TraceFile, step: TraceStep, ids: Map<string, string>): string[] {
  const kind = step.kind as string;
  const who = step.client === null ? null : ids.get(step.client);
  if (step.client !== null && who === undefined) throw new Error(`mermaid: step ${step.index} names unknown client ${step.client}`);
  const everyone = `${ids.values().next().value},${storeId}`;
  if (kind === 'init') return [`  Note over ${everyone}: ${stepLabel(step, step.action)}`];
  if (kind === 'commit' && who !== undefined && who !== null && step.request !== null && step.reply !== null) {
    const seen = step.visibleTick === null ? '' : ` (others see it from t=${step.visibleTick})`;
    const lines = [`  ${who}->>${storeId}: ${stepLabel(step, `${describeRequest(step.request)}${seen}`)}`];
    const stale = staleFiles(step);
    if (stale.length > 0) {
      const words = stale.map((file) => `${describeStale(file)} (${step.client} sees it from t=${file.visibleTick})`).join(', ');
      lines.push(`  Note over ${storeId}: ${mermaidText(`! ${step.client}'s list ${words}`)}`);
    }
    return lines;
  }
  if (kind === 'step' && who !== undefined && who !== null) {
    const lines: string[] = [];
    if (step.request !== null && step.reply !== null) {
      lines.push(`  ${storeId}-->>${who}: ${stepLabel(step, describeReply(step.reply))}`);
    }
    const effect = step.effect;
    if (effect !== null && (effect.kind === 'enter' || effect.kind === 'exit' || effect.kind === 'wait' || effect.kind === 'done')) {
      const words = effect.kind === 'enter' ? `ENTERS ${effect.section}` : describeEffect(effect);
      const note = step.note === null ? words : `${words} (${step.note})`;
      lines.push(`  Note over ${who}: ${stepLabel(step, note)}`);
    }
    // A request is drawn when the store commits it; a reason the protocol gave for sending it is a note here.
    if (effect !== null && effect.kind !== 'enter' && effect.kind !== 'exit' && effect.kind !== 'wait' && effect.kind !== 'done' && step.note !== null) {
      lines.push(`  Note over ${who}: ${stepLabel(step, `${describeEffect(effect)} (${step.note})`)}`);
    }
    return lines;
  }
  // A kind this version does not know: its one-line action, over its client or everyone.
  return [`  Note over ${who ?? everyone}: ${stepLabel(step, `${kind}: ${step.action}`)}`];
}

export function mermaidExport(trace: TraceFile): string {
  const ids = participantIds(trace);
  const { violation } = trace;
  const loopStart = loopStartOf(trace);
  const lines = [
    'sequenceDiagram',
    `  title ${mermaidText(`${trace.scenario.name}: ${violation.property} violated at step ${violation.step}`)}`,
    ...trace.scenario.clients.map((client) => `  participant ${ids.get(client.id)} as ${mermaidText(`${client.id} (${client.role})`)}`),
    `  participant ${storeId} as store`,
  ];
  for (const step of trace.steps) {
    if (step.index === loopStart) lines.push(`  Note over ${ids.values().next().value},${storeId}: ${mermaidText(`↻ the loop starts here, at step ${step.index}`)}`);
    lines.push(...stepLines(trace, step, ids));
  }
  const holders = violation.holders.map((holder) => ids.get(holder.client)).filter((id): id is string => id !== undefined);
  const over = holders.length === 0 ? `${ids.values().next().value},${storeId}` : holders.length === 1 ? holders[0]! : `${holders[0]},${holders.at(-1)}`;
  lines.push(`  Note over ${over}: ${mermaidText(`✗ ${violation.property} violated at step ${violation.step}: ${violation.message}`)}`);
  return `${lines.join('\n')}\n`;
}
