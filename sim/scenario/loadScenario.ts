// Reads a scenario YAML file. YAML is parsed to a document with positions
// first, so that every error, from YAML syntax to a bad protocol option, can
// name the line it is on.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from './inputError.ts';
import { parseScenario } from './parseScenario.ts';
import type { Scenario } from './scenario.ts';

export function loadScenario(file: string): Scenario {
  return loadScenarioText(readText(file), file);
}

/** As loadScenario, for text already in hand; `file` is only used in messages and for the default name. */
export function loadScenarioText(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  // prettyErrors off: its messages carry a multi-line excerpt of the source, and ours are one line.
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  const [syntaxError] = document.errors;
  if (syntaxError !== undefined) {
    // An error at end of input (an unclosed bracket) is reported on the last line with text, not past it.
    const line = lineAt(Math.min(syntaxError.pos[0], Math.max(0, text.trimEnd().length - 1)));
    const reason = syntaxError.code === 'MULTIPLE_DOCS' ? 'a single document' : `YAML: ${shortReason(syntaxError.message)}`;
    throw new InputError(file, '', line, `expected ${reason}`);
  }
  if (!isMap(document.contents)) {
    const line = document.contents?.range ? lineAt(document.contents.range[0]) : null;
    throw new InputError(file, '', line, 'expected a mapping of scenario fields');
  }

  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // toJS throws for an alias without its anchor, or too many aliases (a "billion laughs" file).
    throw new InputError(file, '', null, `expected YAML: ${shortReason(error instanceof Error ? error.message : String(error))}`);
  }
  return parseScenario(value, file, (path) => lineOfPath(document, path, lineAt), dirname(resolve(file)));
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reasons: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };
    const reason = typeof code === 'string' ? (reasons[code] ?? code) : 'unknown error';
    throw new InputError(file, '', null, `cannot read file (${reason})`);
  }
}

function shortReason(message: string): string {
  return message.split('\n')[0]!.trim();
}

/**
 * The line of the node at `path`, or of its nearest ancestor that exists (a
 * missing field is reported at the mapping that lacks it). A mapping entry is
 * located by its key, which is where an editor should put the cursor.
 */
function lineOfPath(document: Document, path: readonly (string | number)[], lineAt: (offset: number) => number): number | null {
  let node: unknown = document.contents;
  let offset = (document.contents as Node | null)?.range?.[0] ?? null;
  for (const segment of path) {
    let next: { key: unknown; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
      if (pair !== undefined) next = { key: pair.key, value: pair.value };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item !== undefined) next = { key: item, value: item };
    }
    if (next === undefined) break;
    const start = (next.key as Node | null)?.range?.[0] ?? (next.value as Node | null)?.range?.[0];
    if (start !== undefined) offset = start;
    node = next.value;
  }
  return offset === null ? null : lineAt(offset);
}
