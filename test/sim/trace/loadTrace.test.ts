import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import { loadTrace, parseTrace } from '../../../sim/trace/loadTrace.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';
import type { TraceFile } from '../../../sim/trace/traceFile.ts';
import { traceFileText } from '../../../sim/trace/traceText.ts';
import { traceOf } from '../../fixtures/traces.ts';

const directory = mkdtempSync(join(tmpdir(), 'locksim-trace-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let written = 0;
/** Writes `text` to a new file and returns its path. */
function fileWith(text: string): string {
  written += 1;
  const path = join(directory, `t${written}.trace.json`);
  writeFileSync(path, text);
  return path;
}

/** The InputError loading `text` throws; fails on anything else or nothing. */
function errorOf(text: string): { error: InputError; path: string } {
  const path = fileWith(text);
  try {
    loadTrace(path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    return { error: error as InputError, path };
  }
  throw new Error('expected an InputError, but the trace loaded');
}

/** A real trace, edited by `edit`, as JSON text. */
function edited(edit: (trace: Record<string, any>) => void): string {
  const trace = traceOf('listLag', 'exhaustive') as unknown as Record<string, any>;
  edit(trace);
  return JSON.stringify(trace);
}

describe('loadTrace', () => {
  test('reads back exactly the trace that was written', () => {
    const trace = traceOf('listLag', 'random');
    const path = join(directory, 'written.trace.json');
    writeFileSync(path, traceFileText(trace, path));
    expect(loadTrace(path)).toStrictEqual(trace);
  });

  test('a file that does not exist', () => {
    const path = join(directory, 'missing.trace.json');
    expect(() => loadTrace(path)).toThrow(new InputError(path, '', null, 'cannot read file (no such file)'));
  });

  test('not JSON: names the file', () => {
    const { error, path } = errorOf('{ "format": "locksim-trace", ');
    expect(error.file).toBe(path);
    expect(error.fieldPath).toBe('');
    expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected a locksim trace in JSON: `));
  });

  test.each([
    ['a JSON array', '[]'],
    ['a JSON string', '"trace"'],
    ['null', 'null'],
  ])('%s is not a trace', (_title, text) => {
    const { error, path } = errorOf(text);
    expect(error.message).toBe(`${path}: expected a locksim trace (a JSON object with "format": "locksim-trace")`);
  });

  test('the wrong format: names the format field', () => {
    const { error, path } = errorOf(JSON.stringify({ format: 'locksim-scenario' }));
    expect(error).toMatchObject({ file: path, fieldPath: 'format' });
    expect(error.message).toBe(`${path}: format: expected "locksim-trace"; got "locksim-scenario": not a locksim trace`);
    expect(errorOf('{}').error.message).toContain('format: expected "locksim-trace"; got nothing');
  });

  test.each<[string, (trace: Record<string, any>) => void, string]>([
    ['missing choices', (trace) => delete trace.choices, 'choices'],
    ['missing steps', (trace) => delete trace.steps, 'steps'],
    ['no steps at all', (trace) => (trace.steps = []), 'steps'],
    ['a wrong version', (trace) => (trace.version = 3), 'version'],
    ['no version', (trace) => delete trace.version, 'version'],
    ['an unknown mode', (trace) => (trace.mode = 'smart'), 'mode'],
    ['a negative choice', (trace) => (trace.choices[0] = -1), 'choices[0]'],
    ['a step tick that is not a number', (trace) => (trace.steps[3].tick = 'soon'), 'steps[3].tick'],
    ['an unknown field in a step', (trace) => (trace.steps[1].extra = true), 'steps[1]'],
    ['a client phase that does not exist', (trace) => (trace.steps[2].clients[1].phase = 'sleeping'), 'steps[2].clients[1].phase'],
    ['a violation without its message', (trace) => delete trace.violation.message, 'violation.message'],
  ])('%s: an InputError naming the field', (_title, edit, field) => {
    const { error, path } = errorOf(edited(edit));
    expect(error.file).toBe(path);
    expect(error.fieldPath).toBe(field);
    expect(error.message.startsWith(`${path}: ${field}: expected `)).toBe(true);
  });

  test('a tampered embedded scenario: an InputError naming the file, as holding the scenario, and the field', () => {
    const { error, path } = errorOf(edited((trace) => (trace.scenario.store.latency = [3, 1])));
    expect(error.file).toBe(`${path} (embedded scenario)`);
    expect(error.fieldPath).toBe('store.latency');
    expect(error.message).toBe(`${path} (embedded scenario): store.latency: expected a range [min, max] with min <= max; got [3, 1]`);
    const unknown = errorOf(edited((trace) => (trace.scenario.protocol.tieBreak = 'sideways'))).error;
    expect(unknown.fieldPath).toBe('protocol.tieBreak');
    expect(errorOf(edited((trace) => delete trace.scenario.clients)).error.fieldPath).toBe('clients');
  });

  test('a version this locksim does not know: names the versions it reads', () => {
    const { error, path } = errorOf(edited((trace) => (trace.version = 3)));
    expect(error.message).toBe(`${path}: version: expected a trace format version this locksim reads (1 or 2); got 3 (written by a newer locksim?)`);
    expect(errorOf(edited((trace) => (trace.version = '2'))).error.message).toMatch(/: version: expected a trace format version this locksim reads \(1 or 2\); got "2"$/);
  });

  test('a violation that is not at the last step', () => {
    const { error, path } = errorOf(edited((trace) => (trace.violation.step = 3)));
    const last = traceOf('listLag', 'exhaustive').steps.length - 1;
    expect(error.message).toBe(`${path}: violation.step: expected the index of the last step (${last}); got 3`);
  });

  test('steps out of order', () => {
    const { error, path } = errorOf(edited((trace) => ([trace.steps[1], trace.steps[2]] = [trace.steps[2], trace.steps[1]])));
    expect(error.message).toBe(`${path}: steps[1].index: expected 1; got 2`);
  });
});

describe('parseTrace', () => {
  test('names the file it is given, for values that did not come from a file', () => {
    expect(() => parseTrace(42, 'pasted')).toThrow(new InputError('pasted', '', null, 'expected a locksim trace (a JSON object with "format": "locksim-trace")'));
  });
});

describe('paths in a trace file', () => {
  // A user protocol module: the path the trace must hold so that replay finds it.
  const scenarioFile = 'examples/check-then-put/strong-store.yaml';
  let explored: TraceFile | null = null;
  /** The trace check writes for it, in memory: paths relative to the working directory (the clone's root). */
  function userModuleTrace(): TraceFile {
    explored ??= explore(prepare(loadScenario(scenarioFile)), scenarioFile).trace;
    if (explored === null) throw new Error(`${scenarioFile} found no violation`);
    return JSON.parse(JSON.stringify(explored)) as TraceFile;
  }
  const elsewhere = (name: string) => {
    const folder = join(directory, name, 'deeper');
    mkdirSync(folder, { recursive: true });
    return join(folder, 'x.trace.json');
  };

  test('version 2: the scenario file and the protocol module relative to the trace file; read back relative to the working directory', () => {
    const trace = userModuleTrace();
    expect(trace.version).toBe(2);
    expect([trace.scenarioFile, trace.scenario.protocol.module]).toStrictEqual([scenarioFile, './examples/check-then-put/protocol.js']);
    const path = elsewhere('v2');
    writeFileSync(path, traceFileText(trace, path));
    const held = JSON.parse(readFileSync(path, 'utf8')) as TraceFile;
    const folder = join(directory, 'v2', 'deeper');
    expect(held.version).toBe(2);
    expect(held.scenarioFile).toBe(relative(folder, scenarioFile));
    expect(held.scenario.protocol.module).toBe(relative(folder, 'examples/check-then-put/protocol.js'));
    expect(held.scenario.protocol.module).toMatch(/^\.\.\//);
    const loaded = loadTrace(path);
    expect(loaded).toStrictEqual(trace);
    expect(replayTrace(loaded).same).toBe(true);
  });

  test('version 1 (paths relative to the working directory it was written from) still loads with that meaning, and replays', () => {
    const trace = userModuleTrace();
    // What locksim wrote before version 2: the in-memory trace as it is.
    const path = elsewhere('v1');
    writeFileSync(path, `${JSON.stringify({ ...trace, version: 1 }, null, 1)}\n`);
    const loaded = loadTrace(path);
    expect(loaded).toStrictEqual(trace);
    expect(replayTrace(loaded).same).toBe(true);
    // The version decides: the same paths read as version 2 are looked for next to the trace, where there is no module.
    const asV2 = elsewhere('v1-as-v2');
    writeFileSync(asV2, `${JSON.stringify(trace, null, 1)}\n`);
    expect(() => loadTrace(asV2)).toThrow(/ \(embedded scenario\): protocol\.module: cannot use protocol module "\.\/examples\/check-then-put\/protocol\.js": no such file: /);
  });

  test('the shipped version 1 fixture still loads and replays', () => {
    const trace = loadTrace('test/fixtures/regressions/por-fenced-writes.trace.json');
    expect(trace.scenarioFile).toBe('test/fixtures/regressions/por-fenced-writes.yaml');
    expect(replayTrace(trace).same).toBe(true);
  });
});
