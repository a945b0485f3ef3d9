// The fuzz limits of a base scenario: its own `fuzz` section, or, without
// one, the section `fuzz: {}` would give (the scenario's clients kept, its
// ranges only narrowed, its options kept), so that fuzzing a scenario with
// no section explores part of what `check` on it explores.

import { parseScenario } from '../scenario/parseScenario.ts';
import type { FuzzSpec, Scenario } from '../scenario/scenario.ts';

export function fuzzSpecOf(base: Scenario, file: string): FuzzSpec {
  if (base.fuzz !== undefined) return base.fuzz;
  const spec = parseScenario({ ...base, fuzz: {} }, file).fuzz;
  if (spec === undefined) throw new Error('fuzz: an empty fuzz section did not normalize');
  return spec;
}
