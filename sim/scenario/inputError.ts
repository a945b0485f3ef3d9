// The one error type for bad input anywhere in locksim: a scenario file, a
// trace file, a command-line flag. It carries where the problem is and what
// was expected, and renders as a single line so that a CLI can print it as is
// (never with a stack trace) and an editor can jump to `file:line`.

export class InputError extends Error {
  /** The file (or flag, or other source) the bad input came from. */
  readonly file: string;
  /** Where in that input, e.g. `clients[1].role`; '' for the input as a whole. */
  readonly fieldPath: string;
  /** 1-based line in the file, or null when unknown (e.g. JSON values, flags). */
  readonly line: number | null;
  /** What is wrong, phrased as what was expected, e.g. `expected an integer >= 0; got "fast"`. */
  readonly problem: string;

  constructor(file: string, fieldPath: string, line: number | null, problem: string) {
    super(formatInputError(file, fieldPath, line, problem));
    this.name = 'InputError';
    this.file = file;
    this.fieldPath = fieldPath;
    this.line = line;
    this.problem = problem;
  }
}

/** `<file>:<line>: <fieldPath>: <problem>`, leaving out the parts that are unknown. */
export function formatInputError(file: string, fieldPath: string, line: number | null, problem: string): string {
  const where = line === null ? file : `${file}:${line}`;
  const message = fieldPath === '' ? `${where}: ${problem}` : `${where}: ${fieldPath}: ${problem}`;
  // One line, always: a stray newline in a file name or a quoted value would
  // break both the CLI's output and `file:line` jumping.
  return message.replace(/[\r\n]+/g, ' ');
}

/** A field path as users write it: `clients[1].role`, `store["odd key"]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
