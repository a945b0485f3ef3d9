// A second shrinking pass, after fast-check's, with the model checker as the
// judge. fast-check shrinks a scenario together with one run's choices, and
// the choices are tied to positions: removing a client shifts every later
// answer, so the run no longer fails and the client stays. Here each smaller
// scenario (a client fewer, a range narrower, an option back to the base
// file's value) is kept when exhaustive search still finds the violation in
// it under any schedule. Greedy, in a fixed order, with bounded searches and
// a bounded number of them, so it is deterministic and always ends.

import { prepare } from '../engine/prepare.ts';
import { boundedSearch } from '../explore/boundedSearch.ts';
import { parseScenario } from '../scenario/parseScenario.ts';
import type { ClientSpec, FuzzSpec, Scenario, TickRange } from '../scenario/scenario.ts';
import { clientIdAt } from './fuzzCaseArbitrary.ts';

export type MinimiseLimits = {
  /** States each exhaustive search may store; a search that reaches it rejects its candidate. */
  statesMax: number;
  /** Searches in all. */
  searchesMax: number;
  /** Searches while no candidate has been confirmed yet. */
  unconfirmedSearchesMax: number;
};

export const defaultMinimiseLimits: MinimiseLimits = { statesMax: 50_000, searchesMax: 80, unconfirmedSearchesMax: 12 };

export type Minimised = {
  scenario: Scenario;
  /** Whether exhaustive search confirmed the violation in the returned scenario within the bound. */
  confirmed: boolean;
  searches: number;
  /** Whether it stopped at searchesMax rather than at a scenario it could not make smaller. */
  bounded: boolean;
  /** What each accepted step did, in order, for the curious. */
  steps: string[];
};

type Candidate = { what: string; scenario: Scenario };

function narrower(range: TickRange): TickRange[] {
  const [low, high] = range;
  if (low === high) return [];
  const out: TickRange[] = [[low, low], [high, high]];
  if (high - low >= 2) out.push([low, high - 1], [low + 1, high]);
  return out;
}

function rangeText(range: TickRange): string {
  return `[${range[0]}, ${range[1]}]`;
}

/** Candidates one step smaller than `scenario`, the most valuable first: fewer clients, then narrower ranges, then base values. */
function candidates(scenario: Scenario, base: Scenario, spec: FuzzSpec): Candidate[] {
  const out: Candidate[] = [];
  const withParts = (what: string, parts: Partial<Scenario>) => out.push({ what, scenario: { ...scenario, ...parts } });
  const generated = spec.clients !== null;
  if (generated && scenario.clients.length > spec.clients![0]) {
    for (let index = scenario.clients.length - 1; index >= 0; index -= 1) {
      const kept = scenario.clients.filter((_, other) => other !== index);
      // Generated ids are positions: renaming in order keeps every id comparison (tie-breaks) as it was.
      const clients = kept.map((client, position): ClientSpec => ({ ...client, id: clientIdAt(position) }));
      withParts(`removed client ${scenario.clients[index]!.id}`, { clients });
    }
  }
  for (const field of ['latency', 'listLag', 'clockSkew'] as const) {
    for (const range of narrower(scenario.store[field])) {
      withParts(`${field} ${rangeText(range)}`, { store: { ...scenario.store, [field]: range } });
    }
  }
  scenario.clients.forEach((client, index) => {
    for (const start of narrower(client.start)) {
      const clients = scenario.clients.map((other, position) => (position === index ? { ...other, start } : other));
      withParts(`start of ${client.id} ${rangeText(start)}`, { clients });
    }
    if (generated && client.writes > spec.writes[0]) {
      const clients = scenario.clients.map((other, position) => (position === index ? { ...other, writes: spec.writes[0] } : other));
      withParts(`writes of ${client.id} ${spec.writes[0]}`, { clients });
    }
  });
  const resolution = scenario.store.timestampResolution;
  for (const value of new Set([base.store.timestampResolution, spec.timestampResolution[0]])) {
    if (value !== resolution && value >= spec.timestampResolution[0] && value <= spec.timestampResolution[1]) {
      withParts(`timestampResolution ${value}`, { store: { ...scenario.store, timestampResolution: value } });
    }
  }
  for (const name of Object.keys(spec.free)) {
    if (JSON.stringify(scenario.protocol[name]) !== JSON.stringify(base.protocol[name])) {
      withParts(`${name} ${String(base.protocol[name])}`, { protocol: { ...scenario.protocol, [name]: base.protocol[name] } });
    }
  }
  return out;
}

/**
 * `scenario` must check only `property`. Returns the smallest scenario the
 * greedy passes reach in which exhaustive search still finds it.
 */
export function minimiseScenario(
  scenario: Scenario,
  property: string,
  base: Scenario,
  spec: FuzzSpec,
  limits: MinimiseLimits = defaultMinimiseLimits,
): Minimised {
  if (scenario.properties.length !== 1 || scenario.properties[0] !== property) throw new Error('minimise: the scenario must check only the property that broke');
  let searches = 0;
  const violates = (candidate: Scenario): boolean => {
    searches += 1;
    const { sim, properties } = prepare(candidate);
    const result = boundedSearch(sim, properties, { maxStates: limits.statesMax, maxDepth: candidate.explore.maxDepth });
    return result.counterexample?.property === property;
  };
  let current = scenario;
  let confirmed = violates(scenario);
  const steps: string[] = [];
  let progressed = true;
  let bounded = false;
  while (progressed && !bounded) {
    progressed = false;
    for (const candidate of candidates(current, base, spec)) {
      // Unconfirmed, the case is too big to search (latency 0 turns off the
      // partial-order reduction, say); a few smaller ones may not be.
      if (searches >= (confirmed ? limits.searchesMax : limits.unconfirmedSearchesMax)) {
        bounded = true;
        break;
      }
      // Through the loader: a candidate is a scenario a user could write.
      const valid = parseScenario(candidate.scenario, current.name);
      if (violates(valid)) {
        current = valid;
        confirmed = true;
        steps.push(candidate.what);
        progressed = true;
        break;
      }
    }
  }
  return { scenario: current, confirmed, searches, bounded, steps };
}
