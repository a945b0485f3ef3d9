// Validates a scenario value (from a YAML file, or embedded in a trace) and
// normalizes it: every default filled, ranges as pairs, the seed a string.
// Its output is valid input, so a trace can embed it and replay can check it
// again: parseScenario(parseScenario(x)) deep-equals parseScenario(x).

import { basename } from 'node:path';
import { resolveProtocol } from './resolveProtocol.ts';
import { implementationName } from '../impl/implementationProtocol.ts';
import type { ZodType } from 'zod';
import { findSafetyProperty, safetyProperties } from '../../model/properties.ts';
import { findLivenessProperty, livenessProperties } from '../../model/liveness.ts';
import type { Protocol } from '../../model/protocol.ts';
import { InputError, formatFieldPath } from './inputError.ts';
import { inputErrorOf, issueMessage } from './issueMessage.ts';
import type { Scenario, StoreSpec } from './scenario.ts';
import { scenarioSchema } from './scenarioSchema.ts';
import type { ParsedScenarioBase } from './scenarioSchema.ts';
import { plainStoreDefaults, storeProfiles } from './storeProfiles.ts';
import { parseFuzzSpec } from './parseFuzzSpec.ts';

type Path = (string | number)[];
type LineOf = (path: Path) => number | null;

/**
 * Throws InputError naming the first problem; never throws anything else for any input.
 * `baseDir` is where a protocol `module` path is resolved from: the scenario
 * file's folder, or the working directory for a scenario embedded in a trace.
 */
export function parseScenario(value: unknown, file: string, lineOf: LineOf = () => null, baseDir: string = process.cwd()): Scenario {
  const error = (path: Path, problem: string) => new InputError(file, formatFieldPath(path), lineOf(path), problem);

  const base = parseWith(scenarioSchema, value, file, [], lineOf);

  if (base.protocol !== undefined && base.implementation !== undefined) {
    throw error(['implementation'], 'given with protocol; expected one of them: a protocol (a model) or an implementation (real code)');
  }
  // An implementation is the protocol that runs its harness (sim/impl/implementationProtocol.ts); the store says whether create and cas exist.
  const section = base.implementation !== undefined ? 'implementation' : 'protocol';
  const protocolGiven =
    base.implementation !== undefined
      ? { name: implementationName, module: base.implementation.module, ...(base.implementation.tickMs === undefined ? {} : { tickMs: base.implementation.tickMs }) }
      : base.protocol;
  if (protocolGiven === undefined) throw error(['protocol'], 'missing; expected a protocol (name or module, and its options) or an implementation (module: the harness of real lock code)');
  const { name: givenName, module: givenModule, ...givenOptions } = protocolGiven;
  const rawOptions = givenName === implementationName ? { ...givenOptions, createIfAbsent: storeOf(base.store).createIfAbsent } : givenOptions;
  const resolved = resolveProtocol(givenName, givenModule, baseDir);
  if ('problem' in resolved) throw error(section === 'implementation' ? ['implementation', 'module'] : ['protocol', resolved.field], resolved.problem);
  if (protocolGiven.name === implementationName && base.explore.mode === 'exhaustive') {
    const where = given(value, ['explore', 'mode']) ? ['explore', 'mode'] : ['explore'];
    throw error(where, 'exhaustive search needs states it can compare, and real code keeps its state to itself; expected explore.mode: systematic (every schedule up to a preemption bound) or random');
  }
  if (protocolGiven.name !== implementationName && base.explore.mode === 'systematic') {
    throw error(['explore', 'mode'], 'systematic search is for an implementation (real code); expected exhaustive or random for a protocol, which has comparable states');
  }
  const { protocol } = resolved;
  const options = protocolOptions(protocol, rawOptions, file, lineOf);

  const seenIds = new Map<string, number>();
  base.clients.forEach((client, index) => {
    if (!protocol.roles.includes(client.role)) {
      throw error(['clients', index, 'role'], `unknown role ${JSON.stringify(client.role)}; expected one of ${protocol.roles.join(', ')}`);
    }
    const first = seenIds.get(client.id);
    if (first !== undefined) {
      throw error(['clients', index, 'id'], `duplicate client id ${JSON.stringify(client.id)}; expected each id once (clients[${first}] has it)`);
    }
    seenIds.set(client.id, index);
  });

  // Left out, `properties` means every property the protocol's sections allow.
  const propertiesGiven = typeof value === 'object' && value !== null && 'properties' in value;
  if (!propertiesGiven) {
    base.properties = base.properties.filter((name) => findSafetyProperty(name)?.sections.every((section) => protocol.sections.includes(section)));
    if (base.properties.length === 0) {
      throw error(['protocol'], `no property applies to ${protocol.name}: its sections (${protocol.sections.join(', ')}) include none of exclusive, sync; expected a protocol with an exclusive section`);
    }
  }
  const seenProperties = new Set<string>();
  base.properties.forEach((name, index) => {
    const live = findLivenessProperty(name);
    if (findSafetyProperty(name) === undefined && live === undefined) {
      const known = [...safetyProperties, ...livenessProperties].map((p) => p.name).join(', ');
      throw error(['properties', index], `unknown property ${JSON.stringify(name)}; expected one of ${known}`);
    }
    if (live !== undefined && base.explore.mode !== 'exhaustive') {
      throw error(['properties', index], `${name} is a liveness property; expected explore.mode: exhaustive, which finds fair cycles (random runs cannot)`);
    }
    const missing = (findSafetyProperty(name)?.sections ?? []).filter((section) => !protocol.sections.includes(section));
    if (missing.length > 0) {
      throw error(['properties', index], `${name} speaks of section ${missing.join(' and ')}, which ${protocol.name} does not declare; expected a property over its sections (${protocol.sections.join(', ')})`);
    }
    if (seenProperties.has(name)) {
      throw error(['properties', index], `duplicate property ${JSON.stringify(name)}; expected each property once`);
    }
    seenProperties.add(name);
  });

  const store = storeOf(base.store);
  if (store.clockPhase !== undefined && store.clockPhase[1] >= store.timestampResolution) {
    throw error(['store', 'clockPhase'], `expected phases in [0, ${store.timestampResolution - 1}], below store.timestampResolution ${store.timestampResolution}; got ${store.clockPhase[1]}`);
  }
  if (protocol.requires?.createIfAbsent === true && !store.createIfAbsent) {
    const where = given(value, ['store', 'createIfAbsent']) ? ['store', 'createIfAbsent'] : ['store'];
    throw error(where, `${protocol.name} needs conditional requests (atomic create-if-absent); expected store.createIfAbsent: true, or a store profile that offers it (s3, webdav, dropbox, onedrive, local, strong)`);
  }
  const fuzz = base.fuzz === undefined ? undefined : parseFuzzSpec(base.fuzz, { protocol, options, clients: base.clients, store }, error);

  return {
    name: base.name ?? defaultName(file),
    protocol: resolved.module === null ? { name: protocol.name, ...options } : { name: protocol.name, module: resolved.module, ...options },
    clients: base.clients,
    store,
    faults: base.faults,
    explore: base.explore,
    properties: base.properties,
    expect: base.expect ?? null,
    // Present only when given, so that scenarios without one normalize as before.
    ...(fuzz === undefined ? {} : { fuzz }),
  };
}

function parseWith<T>(schema: ZodType<T>, value: unknown, file: string, prefix: Path, lineOf: LineOf, extraKeys: string[] = []): T {
  const result = schema.safeParse(value, { error: (issue) => issueMessage(issue, undefined, extraKeys) });
  if (result.success) return result.data;
  throw inputErrorOf(result.error.issues, file, prefix, lineOf);
}

/** The protocol's options, validated by its own schema; errors point into the `protocol` section. */
function protocolOptions(protocol: Protocol, rawOptions: Record<string, unknown>, file: string, lineOf: LineOf): Record<string, unknown> {
  // `name` shares the section with the options, so an unknown-field message lists it too.
  const options: unknown = parseWith(protocol.options, rawOptions, file, ['protocol'], lineOf, ['name', 'module']);
  // A protocol bug, not bad input: options must be a mapping that leaves `name` and `module` alone.
  if (typeof options !== 'object' || options === null || Array.isArray(options) || 'name' in options || 'module' in options) {
    throw new InputError(file, 'protocol', lineOf(['protocol']), `protocol ${protocol.name}: expected its options schema to produce a mapping without "name" or "module" fields`);
  }
  return options as Record<string, unknown>;
}

/** Whether the raw input has a value at `path`, so an error can point at it rather than at its parent. */
function given(value: unknown, path: string[]): boolean {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

/** Profile defaults, then the scenario's explicit fields: every store field ends up explicit. */
function storeOf(given: ParsedScenarioBase['store']): StoreSpec {
  const defaults = given.profile === undefined ? plainStoreDefaults : storeProfiles[given.profile];
  const explicit = Object.fromEntries(Object.entries(given).filter(([key, value]) => key !== 'profile' && value !== undefined));
  // Fresh range arrays, so that no two scenarios share one.
  const fresh = (range: readonly [number, number]): [number, number] => [range[0], range[1]];
  const merged = { ...defaults, ...explicit } as StoreSpec;
  const store: StoreSpec = { ...merged, latency: fresh(merged.latency), listLag: fresh(merged.listLag), clockSkew: fresh(merged.clockSkew) };
  if (merged.clockPhase !== undefined) store.clockPhase = fresh(merged.clockPhase);
  return given.profile === undefined ? store : { profile: given.profile, ...store };
}

/** The file's base name without its extension: `scenarios/two-upgraders.yaml` is `two-upgraders`. */
function defaultName(file: string): string {
  const base = basename(file);
  const stem = base.replace(/\.[^.]*$/, '');
  return stem !== '' ? stem : base !== '' ? base : 'scenario';
}
