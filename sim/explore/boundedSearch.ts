// The search the fuzzer and the shrinker use as judge, bounded by a number of
// states: exhaustive for a protocol, systematic for real code (whose states
// cannot be stored and compared, so it is re-executed schedule by schedule).

import type { SafetyProperty } from '../../model/index.ts';
import type { Simulator } from '../engine/simulator.ts';
import { implementationName } from '../impl/implementationProtocol.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { exploreExhaustive } from './exhaustive.ts';
import type { ExploreResult } from './exploreResult.ts';
import { defaultPreemptionsMax, exploreSystematic } from './systematic.ts';

/** The mode that searches a scenario as a whole: systematic for an implementation, exhaustive otherwise. */
export function searchModeOf(scenario: Scenario): 'exhaustive' | 'systematic' {
  return scenario.protocol.name === implementationName ? 'systematic' : 'exhaustive';
}

export function boundedSearch(sim: Simulator, properties: readonly SafetyProperty[], bounds: { maxStates: number; maxDepth: number }): ExploreResult {
  if (!(bounds.maxStates >= 1)) throw new Error('bounded search: maxStates must be positive');
  if (searchModeOf(sim.scenario) === 'exhaustive') return exploreExhaustive(sim, properties, bounds);
  const preemptionsMax = sim.scenario.explore.preemptionsMax ?? defaultPreemptionsMax;
  return exploreSystematic(sim, properties, { preemptionsMax, maxDepth: bounds.maxDepth, schedulesMax: Number.MAX_SAFE_INTEGER, statesMax: bounds.maxStates });
}
