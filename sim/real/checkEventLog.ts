// The safety properties, checked over a log of real enter and exit events,
// as Jepsen checks a history: the same property definitions the simulator
// checks (model/properties.ts), applied after every event in log order.

import type { SafetyProperty } from '../../model/properties.ts';

/** One marker a client's code called, with a monotonic time (ns) from the process that ran it. */
export type SectionEvent = { client: string; section: string; kind: 'enter' | 'exit'; atNs: string; round: number };

export type LogViolation = { property: string; message: string; round: number; atNs: string };

/** Every violation in the log, in order: each property is reported again only after it held once in between. */
export function checkEventLog(clientIds: readonly string[], events: readonly SectionEvent[], properties: readonly SafetyProperty[]): LogViolation[] {
  const sections = new Map<string, string | null>(clientIds.map((id) => [id, null]));
  const broken = new Set<string>();
  const violations: LogViolation[] = [];
  for (const event of events) {
    if (!sections.has(event.client)) throw new Error(`event log: unknown client ${event.client}`);
    sections.set(event.client, event.kind === 'enter' ? event.section : null);
    const view = clientIds.map((id) => ({ id, section: sections.get(id) ?? null }));
    for (const property of properties) {
      const message = property.violation(view, { staleWriter: null });
      if (message === null) broken.delete(property.name);
      else if (!broken.has(property.name)) {
        broken.add(property.name);
        violations.push({ property: property.name, message, round: event.round, atNs: event.atNs });
      }
    }
  }
  return violations;
}
