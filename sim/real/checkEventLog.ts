// The safety properties, checked over a log of real enter and exit events,
// as Jepsen checks a history: the same property definitions the simulator
// checks (model/properties.ts), applied after every event in log order. Pure:
// the log in, the violations out; run-real (runReal.ts) writes the log.

import type { SafetyProperty } from '../../model/properties.ts';

/**
 * One marker a client's code called. `atMs` is a monotonic time (ms, with a
 * fraction) from the one process that ran every client, so the log's order is
 * the real order of the markers.
 */
export type SectionEvent = { client: string; section: string; kind: 'enter' | 'exit'; atMs: number; round: number };

/** A client's stay in a section: from its enter to its exit, or null when it never exited in that round. */
export type HeldInterval = { client: string; section: string; enterMs: number; exitMs: number | null };

/** A property broken at `atMs`, with the intervals of every client that held a section then. */
export type LogViolation = { property: string; message: string; round: number; atMs: number; holders: HeldInterval[] };

/** Violations, and markers the code called out of order (an exit of a section it did not hold, an enter while it held one). */
export type LogVerdict = { violations: LogViolation[]; problems: string[] };

/**
 * Every violation in the log, in order, round by round (a round starts with
 * no client in a section). A property is reported again only after it held
 * once in between, so one overlap is one violation however many events it
 * spans.
 */
export function checkEventLog(clientIds: readonly string[], events: readonly SectionEvent[], properties: readonly SafetyProperty[]): LogVerdict {
  const known = new Set(clientIds);
  if (known.size !== clientIds.length) throw new Error('event log: duplicate client ids');
  const held = new Map<string, HeldInterval>();
  const broken = new Set<string>();
  const violations: LogViolation[] = [];
  const problems: string[] = [];
  let round: number | null = null;
  let lastMs = -Infinity;
  for (const event of events) {
    if (!known.has(event.client)) throw new Error(`event log: unknown client ${event.client}`);
    if (!Number.isFinite(event.atMs)) throw new Error(`event log: a time that is not a number: ${JSON.stringify(event)}`);
    if (event.round !== round) {
      round = event.round;
      held.clear();
      broken.clear();
      lastMs = -Infinity;
    }
    if (event.atMs < lastMs) throw new Error(`event log: round ${round}: times go backwards at ${JSON.stringify(event)}`);
    lastMs = event.atMs;
    const holding = held.get(event.client);
    if (event.kind === 'enter') {
      if (holding !== undefined) problems.push(`round ${round}: ${event.client} entered ${event.section} while it held ${holding.section}`);
      held.set(event.client, { client: event.client, section: event.section, enterMs: event.atMs, exitMs: null });
    } else {
      if (holding === undefined || holding.section !== event.section) {
        problems.push(`round ${round}: ${event.client} exited ${event.section}, which it did not hold`);
      }
      if (holding !== undefined) holding.exitMs = event.atMs;
      held.delete(event.client);
    }
    const view = clientIds.map((id) => ({ id, section: held.get(id)?.section ?? null }));
    for (const property of properties) {
      const message = property.violation(view, { staleWriter: null });
      if (message === null) broken.delete(property.name);
      else if (!broken.has(property.name)) {
        broken.add(property.name);
        // The intervals themselves: their exit times are filled in as the exits come.
        const holders = clientIds.flatMap((id) => held.get(id) ?? []);
        violations.push({ property: property.name, message, round: event.round, atMs: event.atMs, holders });
      }
    }
  }
  return { violations, problems };
}
