// The fuzzer's public surface: `locksim fuzz` and its tests use these.

export type { FuzzCase } from './fuzzCaseArbitrary.ts';
export type { FuzzBudget, FuzzFound, FuzzOptions, FuzzResult } from './fuzzScenario.ts';
export type { Reproduction } from './minimalReproduction.ts';
export type { Minimised, MinimiseLimits } from './minimiseScenario.ts';
export type { FuzzCaseOutcome } from './runFuzzCase.ts';

export { fuzzCaseArbitrary, fuzzedScenario, searchBounds } from './fuzzCaseArbitrary.ts';
export { fuzzScenario } from './fuzzScenario.ts';
export { fastCheckSeed, parseSeed } from './fuzzSeed.ts';
export { fuzzSpecOf } from './fuzzSpecOf.ts';
export { ListChooser } from './listChooser.ts';
export { minimalReproduction } from './minimalReproduction.ts';
export { minimiseScenario } from './minimiseScenario.ts';
export { reproduceCommand } from './reproduceCommand.ts';
export { runFuzzCase } from './runFuzzCase.ts';
export { scenarioYaml } from './scenarioYaml.ts';
