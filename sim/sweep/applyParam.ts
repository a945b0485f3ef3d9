// Sets one swept field in a scenario value. A range field (store.latency,
// store.listLag, store.clockSkew, faults.pause, clients[i].start) takes the
// value N as its max and keeps its min: `store.listLag=0..8` sweeps lists
// that lag by up to 0, 1, ..., 8 ticks. Any other field takes the value as
// is, typed after the field's value in the scenario (a number stays a
// number, `true`/`false` a boolean, anything else a string).

import { InputError } from '../scenario/inputError.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { SweepParam } from './parseParam.ts';

export type ParamKind = 'range' | 'value';

type Segments = readonly (string | number)[];
type Container = Record<string, unknown> | unknown[];

/** Whether the field at this path is an inclusive [min, max] range of the scenario format. */
export function isRangePath(segments: Segments): boolean {
  const [root, second, third] = segments;
  if (root === 'store' && segments.length === 2) return second === 'latency' || second === 'listLag' || second === 'clockSkew';
  if (root === 'faults' && segments.length === 2) return second === 'pause';
  if (root === 'clients' && segments.length === 3) return typeof second === 'number' && third === 'start';
  return false;
}

export function paramKind(param: SweepParam): ParamKind {
  return isRangePath(param.segments) ? 'range' : 'value';
}

function describeAt(segments: Segments): string {
  let text = '';
  for (const segment of segments) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The container that holds the param's field in `scenario`, and the field's key.
 * Every step but the last must exist; the last may be absent from a mapping
 * (an optional field left out), and validation decides whether it is one.
 */
function locate(scenario: unknown, param: SweepParam): { container: Container; key: string | number } {
  const bad = (problem: string) => new InputError(`--param ${param.given}`, '', null, problem);
  let node: unknown = scenario;
  const last = param.segments.length - 1;
  for (let index = 0; index < last; index += 1) {
    const segment = param.segments[index]!;
    checkContainer(node, segment, param.segments.slice(0, index), bad);
    node = (node as Record<string | number, unknown>)[segment];
    if (node === undefined) throw bad(`unknown field ${describeAt(param.segments.slice(0, index + 1))}: the scenario has no such field`);
  }
  const key = param.segments[last]!;
  checkContainer(node, key, param.segments.slice(0, last), bad);
  return { container: node as Container, key };
}

/** That `node`, found at path `before`, can hold `segment`: a list an index in range, a mapping a key. */
function checkContainer(node: unknown, segment: string | number, before: Segments, bad: (problem: string) => InputError): void {
  const here = describeAt(before);
  if (isRangePath(before)) throw bad(`${here} is a range [min, max]; expected ${here} itself (a value sets its max)`);
  if (typeof segment === 'number') {
    if (!Array.isArray(node)) throw bad(`${here} is not a list; expected a field name after it, not [${segment}]`);
    if (segment >= node.length) throw bad(`${here} has ${node.length} entries; expected an index from 0 to ${node.length - 1}`);
    return;
  }
  if (Array.isArray(node)) throw bad(`${here} is a list; expected an index, e.g. ${here}[0].${segment}`);
  if (!isMapping(node)) throw bad(`${here} is a single value; expected nothing after it, not .${segment}`);
}

/** The field's value in a (normalized) scenario, or undefined when it has none. */
export function valueAt(scenario: unknown, segments: Segments): unknown {
  let node: unknown = scenario;
  for (const segment of segments) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isMapping(node) ? node[segment] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** What the field becomes for the value `text`, given its current value in the base scenario. */
export function paramValue(base: Scenario, param: SweepParam, text: string): unknown {
  const bad = (problem: string) => new InputError(`--param ${param.given}`, '', null, problem);
  const { container, key } = locate(base, param);
  const current = (container as Record<string | number, unknown>)[key];
  if (paramKind(param) === 'range') {
    if (!/^-?\d+$/.test(text)) throw bad(`${param.path} is a range [min, max] and a value sets its max; expected an integer; got ${JSON.stringify(text)}`);
    if (!Array.isArray(current) || current.length !== 2 || typeof current[0] !== 'number') {
      throw new Error(`sweep: ${param.path} should hold a normalized range; got ${JSON.stringify(current)}`);
    }
    return [current[0], Number(text)];
  }
  if (typeof current === 'object' && current !== null) {
    throw bad(`${param.path} is ${Array.isArray(current) ? 'a list' : 'a mapping'}; expected a path to a single value inside it`);
  }
  const integer = /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text));
  const number = integer || /^-?\d+\.\d+$/.test(text);
  switch (typeof current) {
    case 'number':
      return number ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'string':
      return text;
    default:
      // null or absent: nothing to follow, so read the text as YAML would.
      if (text === 'null') return null;
      if (text === 'true' || text === 'false') return text === 'true';
      return number ? Number(text) : text;
  }
}

/** Sets the param's field in a scenario value, in place; `value` comes from paramValue. */
export function applyParam(scenario: Record<string, unknown>, param: SweepParam, value: unknown): void {
  const { container, key } = locate(scenario, param);
  (container as Record<string | number, unknown>)[key] = Array.isArray(value) ? [...value] : value;
}
