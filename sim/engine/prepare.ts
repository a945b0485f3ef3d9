// From a validated scenario to what the explorers run: its protocol, a
// simulator, and the properties it names.

import { builtinProtocols, findSafetyProperty } from '../../model/index.ts';
import type { Protocol, SafetyProperty } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { Simulator } from './simulator.ts';

export type Prepared = { sim: Simulator; properties: SafetyProperty[] };

export function protocolOf(scenario: Scenario): Protocol {
  const protocol = builtinProtocols.get(scenario.protocol.name);
  if (protocol === undefined) throw new Error(`prepare: unknown protocol ${scenario.protocol.name} passed validation`);
  return protocol;
}

export function prepare(scenario: Scenario): Prepared {
  const properties = scenario.properties.map((name) => {
    const property = findSafetyProperty(name);
    if (property === undefined) throw new Error(`prepare: unknown property ${name} passed validation`);
    return property;
  });
  return { sim: new Simulator(scenario, protocolOf(scenario)), properties };
}
