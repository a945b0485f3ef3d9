// The scenario loader's public surface.

export type { ClientSpec, ExploreSpec, Scenario, StoreSpec, TickRange, Verdict } from './scenario.ts';
export type { CountRange, FuzzSpec, Scheduler } from './scenario.ts';
export { protocolOptionsOf } from './scenario.ts';
export { InputError, formatFieldPath, formatInputError } from './inputError.ts';
export { parseScenario } from './parseScenario.ts';
export { loadScenario, loadScenarioText } from './loadScenario.ts';
export { scenarioSchema } from './scenarioSchema.ts';
export { scenarioJsonSchema } from './scenarioJsonSchema.ts';
