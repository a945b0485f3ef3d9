// The `fuzz` section, checked against the protocol and filled in. A field the
// file leaves out takes the scenario's own value, so the fuzzer only narrows
// it (a range) or keeps it (clients, options): without a fuzz section, every
// scenario the fuzzer makes behaves as a part of the original, so a violation
// it finds is one that `check` on the original can find too. The result is
// valid input again, so parseScenario stays idempotent.

import type { ZodType } from 'zod';
import type { Protocol } from '../../model/protocol.ts';
import { describeValue } from './describeValue.ts';
import type { InputError } from './inputError.ts';
import type { ClientSpec, CountRange, FuzzSpec, StoreSpec, TickRange } from './scenario.ts';
import type { ParsedScenarioBase } from './scenarioSchema.ts';

type Path = (string | number)[];
type RawFuzz = NonNullable<ParsedScenarioBase['fuzz']>;

export type FuzzContext = {
  protocol: Protocol;
  /** The scenario's protocol options, validated. */
  options: Record<string, unknown>;
  clients: readonly ClientSpec[];
  store: StoreSpec;
};

/** The smallest range holding every given range. */
function hull(ranges: readonly (readonly [number, number])[]): [number, number] {
  if (ranges.length === 0) throw new Error('fuzz: hull of no ranges');
  return [Math.min(...ranges.map((range) => range[0])), Math.max(...ranges.map((range) => range[1]))];
}

function pair(range: readonly [number, number]): [number, number] {
  return [range[0], range[1]];
}

export function parseFuzzSpec(raw: RawFuzz, context: FuzzContext, error: (path: Path, problem: string) => InputError): FuzzSpec {
  const { protocol, clients, store } = context;
  if (clients.length < 1) throw new Error('fuzz: a scenario without clients passed validation');

  const roles = raw.roles ?? protocol.roles.filter((role) => clients.some((client) => client.role === role));
  const seenRoles = new Set<string>();
  roles.forEach((role, index) => {
    if (!protocol.roles.includes(role)) {
      throw error(['fuzz', 'roles', index], `unknown role ${JSON.stringify(role)}; expected one of ${protocol.roles.join(', ')}`);
    }
    if (seenRoles.has(role)) throw error(['fuzz', 'roles', index], `duplicate role ${JSON.stringify(role)}; expected each role once`);
    seenRoles.add(role);
  });

  const spec: FuzzSpec = {
    clients: raw.clients === undefined || raw.clients === null ? null : (pair(raw.clients) as CountRange),
    roles: [...roles],
    writes: pair(raw.writes ?? hull(clients.map((client) => [client.writes, client.writes] as const))),
    start: pair(raw.start ?? hull(clients.map((client) => client.start))) as TickRange,
    latency: pair(raw.latency ?? store.latency),
    listLag: pair(raw.listLag ?? store.listLag),
    clockSkew: pair(raw.clockSkew ?? store.clockSkew),
    timestampResolution: pair(raw.timestampResolution ?? [store.timestampResolution, store.timestampResolution]),
    free: freeOptions(raw.free ?? {}, context, error),
  };
  return spec;
}

/** Each free option with its values, every value checked by the protocol's own schema. */
function freeOptions(
  raw: string[] | Record<string, unknown[]>,
  context: FuzzContext,
  error: (path: Path, problem: string) => InputError,
): Record<string, unknown[]> {
  const { protocol, options } = context;
  const known = optionNames(protocol.options);
  const entries: [string, unknown[], Path][] = Array.isArray(raw)
    ? raw.map((name, index) => [name, [], ['fuzz', 'free', index]])
    : Object.entries(raw).map(([name, values]) => [name, values, ['fuzz', 'free', name]]);
  const free: Record<string, unknown[]> = {};
  for (const [name, given, path] of entries) {
    if (name === 'name' || name === 'module' || (known !== null && !known.includes(name))) {
      const expected = known === null ? '' : `; expected one of ${known.join(', ')}`;
      throw error(path, `unknown protocol option ${JSON.stringify(name)}${expected}`);
    }
    if (Object.hasOwn(free, name)) throw error(path, `duplicate option ${JSON.stringify(name)}; expected each option once`);
    let values = given;
    if (Array.isArray(raw)) {
      const listed = listedValues(protocol.options, name);
      if (listed === null) {
        throw error(path, `option ${JSON.stringify(name)} has values that cannot be listed; expected a mapping such as free: { ${name}: [1, 2] }`);
      }
      values = listed;
    }
    values.forEach((value, index) => {
      const checked = protocol.options.safeParse({ ...options, [name]: value });
      if (!checked.success) {
        const at = Array.isArray(raw) ? path : [...path, index];
        throw error(at, `expected a valid value of protocol option ${name}; got ${describeValue(value)}`);
      }
    });
    free[name] = values.slice();
  }
  return free;
}

type ZodDefinition = { type?: string; shape?: Record<string, unknown>; innerType?: unknown; entries?: Record<string, unknown>; values?: unknown[] };

function definitionOf(schema: unknown): ZodDefinition | null {
  const definition = (schema as { _zod?: { def?: ZodDefinition } } | null)?._zod?.def;
  return definition === undefined || definition === null ? null : definition;
}

/** The option names of an object schema, or null when the schema is not one we can read. */
function optionNames(schema: ZodType): string[] | null {
  const definition = definitionOf(schema);
  if (definition?.type !== 'object' || definition.shape === undefined) return null;
  return Object.keys(definition.shape);
}

/** Every value an option can take, when there are few: an enum, a boolean, literals. */
function listedValues(schema: ZodType, name: string): unknown[] | null {
  const definition = definitionOf(schema);
  if (definition?.type !== 'object' || definition.shape === undefined) return null;
  let option = definitionOf(definition.shape[name]);
  for (let depth = 0; option !== null && depth < 8; depth += 1) {
    switch (option.type) {
      case 'default':
      case 'prefault':
      case 'optional':
      case 'readonly':
        option = definitionOf(option.innerType);
        continue;
      case 'enum':
        return option.entries === undefined ? null : Object.values(option.entries);
      case 'boolean':
        return [false, true];
      case 'literal':
        return option.values === undefined ? null : [...option.values];
      default:
        return null;
    }
  }
  return null;
}
