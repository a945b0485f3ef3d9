// Checks that a value satisfies the protocol API (model/protocol.ts), so that
// a user module that does not is rejected with the name of what is missing,
// exactly like any other bad input. Built-in protocols pass through it too.

import type { Protocol } from './protocol.ts';

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}

const requirementNames = ['createIfAbsent'];

/** `requires` is optional; when present, a mapping of known store features to true or false. */
function requiresProblem(requires: unknown): string | null {
  if (requires === undefined) return null;
  const expected = `bad requires: expected a mapping of store features (${requirementNames.join(', ')}) to true or false`;
  if (requires === null || typeof requires !== 'object' || Array.isArray(requires)) return expected;
  for (const [feature, needed] of Object.entries(requires)) {
    if (!requirementNames.includes(feature)) return `${expected}; unknown feature ${JSON.stringify(feature)}`;
    if (typeof needed !== 'boolean') return `${expected}; ${feature} is ${JSON.stringify(needed) ?? typeof needed}`;
  }
  return null;
}

/** The first way `value` falls short of the protocol API, or null when it satisfies it. */
export function protocolProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return 'expected an object with name, roles, sections, options, init, step and describe';
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(candidate.name)) {
    return 'missing name: a lower-case name such as "my-protocol"';
  }
  if (typeof candidate.summary !== 'string') return 'missing summary: a one-line description';
  if (!isStringList(candidate.roles) || candidate.roles.length === 0) return 'missing roles: a non-empty list of role names';
  if (!isStringList(candidate.sections) || candidate.sections.length === 0) {
    return 'missing sections: a non-empty list of critical-section names';
  }
  const options = candidate.options as { safeParse?: unknown } | undefined;
  if (options === null || typeof options !== 'object' || typeof options.safeParse !== 'function') {
    return 'missing options: a zod schema of the options, with defaults (z.object({...}).strict())';
  }
  if (typeof candidate.init !== 'function') return 'missing init: a function (context) => initial state';
  if (typeof candidate.step !== 'function') return 'missing step: a function (state, input, context) => { state, effect }';
  if (typeof candidate.describe !== 'function') return 'missing describe: a function (state) => short text for traces';
  return requiresProblem(candidate.requires);
}

export function isProtocol(value: unknown): value is Protocol {
  return protocolProblem(value) === null;
}
