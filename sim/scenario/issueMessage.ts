// Turns zod issues into the "expected ...; got ..." phrasing of InputError.
//
// Schemas we write name what they expect (`expects('an integer >= 0')`), which
// reads better than anything derived from the issue. Schemas we do not write
// (a protocol's options) get a message derived from the issue itself.

import type { z } from 'zod';
import { describeValue } from './describeValue.ts';
import { InputError, formatFieldPath } from './inputError.ts';

type RawIssue = z.core.$ZodRawIssue;
type Path = (string | number)[];

/** The `error` parameter for a schema or check: report what was expected, and what was got. */
export function expects(what: string): { error: (issue: RawIssue) => string } {
  return { error: (issue) => issueMessage(issue, what) };
}

/** What went wrong, as `expected <what>; got <value>`, or as `unknown field "x"; ...` for strict objects. */
export function issueMessage(issue: RawIssue, what?: string, extraKeys: readonly string[] = []): string {
  if (issue.code === 'unrecognized_keys') {
    const known = [...extraKeys, ...shapeKeysOf(issue.inst)];
    const unknown = `unknown field ${JSON.stringify(String(issue.keys[0]))}`;
    return known.length === 0 ? unknown : `${unknown}; expected one of ${known.join(', ')}`;
  }
  const expected = what ?? describeExpected(issue);
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing; expected ${expected}`;
  return `expected ${expected}; got ${describeValue(issue.input)}`;
}

/**
 * The single InputError for a failed parse: the first unknown field if any,
 * since a misspelt key is usually the cause of the other issues (a field
 * missing, a default used); else the first issue in schema order.
 */
export function inputErrorOf(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  prefix: Path,
  lineOf: (path: Path) => number | null,
): InputError {
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
  if (issue === undefined) return new InputError(file, formatFieldPath(prefix), lineOf(prefix), 'invalid input');
  const path: Path = [...prefix, ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))];
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return new InputError(file, formatFieldPath(path), lineOf(path), issue.message);
}

function shapeKeysOf(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
};

/** Best effort for schemas that did not say what they expect. */
function describeExpected(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeNames[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? String(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const relation = small ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const isInt = (issue.schema as { isInt?: unknown } | undefined)?.isInt === true;
        return `${isInt ? 'an integer' : 'a number'} ${relation} ${String(bound)}`;
      }
      const unit = issue.origin === 'string' ? 'characters' : 'items';
      return `${issue.origin === 'string' ? 'a string' : 'a list'} of ${small ? 'at least' : 'at most'} ${String(bound)} ${unit}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' && typeof issue.pattern === 'string' ? `a string matching ${issue.pattern}` : `a valid ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return 'a valid value';
  }
}
