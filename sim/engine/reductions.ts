// Which state-space reductions a search runs with, and why the others are
// off. Each reduction is implemented in one file, which states its soundness
// condition next to the code (spec/store-and-time.md repeats them all):
//
// - partialOrder    sim/engine/simulator.ts   (step)
// - reactAtCommit   sim/engine/simulator.ts   (commit)
// - relativeTime    sim/engine/stateEncoder.ts
// - oldTimes        sim/engine/stateEncoder.ts
// - fileFields      sim/engine/fileMask.ts
// - terminal        sim/engine/stateEncoder.ts
//
// A reduction whose soundness rests on what a protocol's code does (not on
// the engine's own semantics) is on only when the protocol declares it
// (model/protocol.ts, `declares`); it is never inferred from options.

import type { Protocol } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { protocolOptionsOf } from '../scenario/scenario.ts';

export const reductionNames = ['partialOrder', 'reactAtCommit', 'relativeTime', 'oldTimes', 'fileFields', 'terminal'] as const;

export type ReductionName = (typeof reductionNames)[number];

export type Reductions = Readonly<Record<ReductionName, boolean>>;

/** The scenario's `explore.reduce`: all on (true), all off (false), or per name (absent names stay on). */
export type ReduceSpec = boolean | Partial<Record<ReductionName, boolean>>;

/** One line per reduction: what it merges or skips. */
export const reductionSummaries: Readonly<Record<ReductionName, string>> = {
  partialOrder: 'runs one independent, unobservable due event alone instead of every order',
  reactAtCommit: "computes a client's step on a reply when the request commits, and keeps that instead of the reply",
  relativeTime: 'merges states that differ only in absolute time',
  oldTimes: 'keeps file times older than the horizon by order alone',
  fileFields: 'keeps only the file fields the protocol reads',
  terminal: 'merges every state in which all clients are done',
};

export const noReductions: Reductions = Object.fromEntries(reductionNames.map((name) => [name, false])) as Reductions;

export type ReductionPlan = {
  active: Reductions;
  /** Requested but off, with the reason; in reductionNames order. */
  off: { name: ReductionName; why: string }[];
};

function requested(spec: ReduceSpec, name: ReductionName): boolean {
  if (typeof spec === 'boolean') return spec;
  return spec[name] ?? true;
}

/**
 * The reductions a search runs with. `liveness`: the search keeps the whole
 * graph and looks for fair cycles; partial-order reduction drops
 * interleavings, which is not sound for that, so it is off.
 */
export function planReductions(spec: ReduceSpec, protocol: Protocol, scenario: Scenario, liveness: boolean, options?: unknown): ReductionPlan {
  const declares = protocol.declares ?? {};
  const shiftDeclared = declares.timeShiftInvariant;
  const timeShiftInvariant = typeof shiftDeclared === 'function' ? shiftDeclared(options ?? protocol.options.parse(protocolOptionsOf(scenario))) === true : shiftDeclared === true;
  const why = new Map<ReductionName, string>();
  if (liveness) {
    why.set('partialOrder', 'liveness checking needs every interleaving');
  }
  if (scenario.store.latency[0] < 1) {
    why.set('partialOrder', 'latency 0: an event can make another due at once');
  }
  if (!timeShiftInvariant) why.set('relativeTime', `protocol ${protocol.name} does not declare timeShiftInvariant${typeof shiftDeclared === 'function' ? ' for these options' : ''}`);
  if (declares.ageHorizonTicks === undefined) why.set('oldTimes', `protocol ${protocol.name} does not declare ageHorizonTicks`);
  else if (!timeShiftInvariant) why.set('oldTimes', `protocol ${protocol.name} does not declare timeShiftInvariant${typeof shiftDeclared === 'function' ? ' for these options' : ''}`);
  if (declares.fileFields === undefined) why.set('fileFields', `protocol ${protocol.name} does not declare fileFields`);
  const active = {} as Record<ReductionName, boolean>;
  const off: ReductionPlan['off'] = [];
  for (const name of reductionNames) {
    const wanted = requested(spec, name);
    const blocked = why.get(name);
    active[name] = wanted && blocked === undefined;
    if (wanted && blocked !== undefined) off.push({ name, why: blocked });
  }
  // oldTimes compresses relative times: without relativeTime it has nothing to work on.
  if (active.oldTimes && !active.relativeTime) {
    active.oldTimes = false;
    off.push({ name: 'oldTimes', why: 'relativeTime is off' });
  }
  off.sort((left, right) => reductionNames.indexOf(left.name) - reductionNames.indexOf(right.name));
  return { active, off };
}

/** Names of the active reductions, for reports. */
export function activeNames(reductions: Reductions): ReductionName[] {
  return reductionNames.filter((name) => reductions[name]);
}
