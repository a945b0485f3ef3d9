// From a validated scenario to what the explorers run: its protocol, a
// simulator, and the properties it names.

import { findSafetyProperty } from '../../model/index.ts';
import { protocolOfScenario } from '../scenario/resolveProtocol.ts';
import type { Protocol, SafetyProperty } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { Simulator } from './simulator.ts';

export type Prepared = { sim: Simulator; properties: SafetyProperty[] };

export function protocolOf(scenario: Scenario): Protocol {
  return protocolOfScenario(scenario.protocol);
}

export function prepare(scenario: Scenario): Prepared {
  const properties = scenario.properties.map((name) => {
    const property = findSafetyProperty(name);
    if (property === undefined) throw new Error(`prepare: unknown property ${name} passed validation`);
    return property;
  });
  return { sim: new Simulator(scenario, protocolOf(scenario)), properties };
}
