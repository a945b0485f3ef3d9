// Loads a harness module: the real lock code of each role, written against
// model/implementation.ts. Loaded on the main thread to learn its roles and
// sections (the scenario is validated against them), and again in the worker
// thread that runs the code (codeWorker.ts).

import { existsSync } from 'node:fs';
import type { Harness } from '../../model/implementation.ts';
import { userModuleExports } from '../scenario/loadProtocolModule.ts';

/** Sections a harness marks when it names none. */
export const defaultSections: readonly string[] = ['exclusive', 'sync'];

/** What is wrong with a harness value, or null. */
export function harnessProblem(candidate: unknown): string | null {
  if (candidate === null || typeof candidate !== 'object') return 'expected an object { roles: { <role>: async (client) => ... } }';
  const harness = candidate as Record<string, unknown>;
  const roles = harness.roles;
  if (roles === null || typeof roles !== 'object') return 'roles: expected a mapping of role names to async functions';
  const names = Object.keys(roles);
  if (names.length === 0) return 'roles: expected at least one role';
  for (const name of names) {
    if (typeof (roles as Record<string, unknown>)[name] !== 'function') return `roles.${name}: expected an async function (client) => ...`;
  }
  const sections = harness.sections;
  if (sections !== undefined && !(Array.isArray(sections) && sections.length > 0 && sections.every((section) => typeof section === 'string' && section !== ''))) {
    return 'sections: expected a non-empty list of section names';
  }
  if (harness.summary !== undefined && typeof harness.summary !== 'string') return 'summary: expected a string';
  return null;
}

/** The harness a module exports as `harness` or as its default export; throws Error with the problem. */
export function loadHarness(absolutePath: string): Harness {
  if (!existsSync(absolutePath)) throw new Error(`no such file: ${absolutePath}`);
  const exports = userModuleExports(absolutePath);
  const candidate = exports.harness ?? exports.default;
  if (candidate === undefined) throw new Error('it exports no harness: expected `export default defineHarness({ roles: { ... } })` or `export const harness = ...`');
  const problem = harnessProblem(candidate);
  if (problem !== null) throw new Error(`its harness is not one: ${problem}`);
  return candidate as Harness;
}
