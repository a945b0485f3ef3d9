// From a validated scenario to what the explorers run: its protocol, a
// simulator, and the properties it names.

import { findLivenessProperty, findSafetyProperty } from '../../model/index.ts';
import { protocolOfScenario } from '../scenario/resolveProtocol.ts';
import type { LivenessProperty, Protocol, SafetyProperty } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { Simulator } from './simulator.ts';
import { HistoryMonitors } from './historyMonitors.ts';
import { firstViolation } from '../explore/checkProperties.ts';

export type Prepared = { sim: Simulator; properties: SafetyProperty[]; liveness: LivenessProperty[] };

export function protocolOf(scenario: Scenario): Protocol {
  return protocolOfScenario(scenario.protocol);
}

export function prepare(scenario: Scenario): Prepared {
  const properties: SafetyProperty[] = [];
  const liveness: LivenessProperty[] = [];
  for (const name of scenario.properties) {
    const safety = findSafetyProperty(name);
    const live = findLivenessProperty(name);
    if (safety !== undefined) properties.push(safety);
    else if (live !== undefined) liveness.push(live);
    else throw new Error(`prepare: unknown property ${name} passed validation`);
  }
  const clientIds = scenario.clients.map((client) => client.id);
  const sim = new Simulator(scenario, protocolOf(scenario), {
    reduce: scenario.explore.reduce ?? true,
    liveness: liveness.length > 0,
    monitors: HistoryMonitors.of(properties),
    breaksProperty: (world) => firstViolation(world, clientIds, properties) !== null,
  });
  return { sim, properties, liveness };
}
