import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { mermaidExport, mermaidText } from '../../../sim/export/mermaidExport.ts';
import type { TraceFile } from '../../../sim/trace/traceFile.ts';
import { counterexample, type CounterexampleName } from '../support/counterexamples.ts';

// @mermaid-js/parser (the only mermaid parser package that runs under Node
// without a DOM) does not parse sequence diagrams, so the structure is checked
// here line by line against mermaid's sequence grammar as this export uses it.
// Set LOCKSIM_MERMAID_DIR to a folder whose node_modules holds mermaid and
// jsdom to also run mermaid's own parser (see the last test).

type Parsed = {
  participants: Map<string, string>;
  messages: { from: string; to: string; arrow: string; step: number; text: string }[];
  notes: { over: string[]; text: string }[];
  order: ('message' | 'note')[];
};

const idPattern = '(c\\d+|store)';

function parseSequence(text: string): Parsed {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('sequenceDiagram');
  expect(lines[1]).toMatch(/^  title \S/);
  const parsed: Parsed = { participants: new Map(), messages: [], notes: [], order: [] };
  for (const line of lines.slice(2)) {
    const participant = new RegExp(`^  participant ${idPattern} as (.+)$`).exec(line);
    const message = new RegExp(`^  ${idPattern}(->>|-->>)${idPattern}: (\\d+) t=\\d+: (.+)$`).exec(line);
    const note = new RegExp(`^  Note over ${idPattern}(?:,${idPattern})?: (.+)$`).exec(line);
    if (participant !== null) {
      expect(parsed.order).toEqual([]);
      parsed.participants.set(participant[1]!, participant[2]!);
    } else if (message !== null) {
      parsed.messages.push({ from: message[1]!, arrow: message[2]!, to: message[3]!, step: Number(message[4]), text: message[5]! });
      parsed.order.push('message');
    } else if (note !== null) {
      parsed.notes.push({ over: [note[1]!, ...(note[2] === undefined ? [] : [note[2]])], text: note[3]! });
      parsed.order.push('note');
    } else {
      throw new Error(`not a line of this export's sequence grammar: ${JSON.stringify(line)}`);
    }
  }
  return parsed;
}

function labelsAreLiteral(label: string) {
  // Outside entity codes, no character that mermaid would read as syntax.
  const bare = label.replace(/#\d+;/g, '');
  expect(bare).not.toMatch(/[;#<>\n]/);
  expect(bare).not.toContain('%%');
}

const names: CounterexampleName[] = ['lag-skew', 'upgrader-syncer', 'three-random'];

describe('mermaidExport', () => {
  for (const name of names) {
    test(`${name}: one participant per client plus the store, a message per request and per reply, in step order`, () => {
      const trace = counterexample(name);
      const parsed = parseSequence(mermaidExport(trace));
      expect([...parsed.participants.values()]).toEqual([...trace.scenario.clients.map((client) => `${client.id} (${client.role})`), 'store']);
      const requests = parsed.messages.filter((message) => message.arrow === '->>');
      const replies = parsed.messages.filter((message) => message.arrow === '-->>');
      expect(requests.map((message) => message.step)).toEqual(trace.steps.filter((step) => step.kind === 'commit').map((step) => step.index));
      expect(replies.map((message) => message.step)).toEqual(trace.steps.filter((step) => step.kind === 'step' && step.reply !== null).map((step) => step.index));
      for (const message of requests) expect(message.to).toBe('store');
      for (const message of replies) expect(message.from).toBe('store');
      const steps = parsed.messages.map((message) => message.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      for (const label of [...parsed.messages.map((message) => message.text), ...parsed.notes.map((note) => note.text)]) labelsAreLiteral(label);
    });
  }

  test('notes where each holder enters its section, and at the violation, last, over the holders', () => {
    const trace = counterexample('lag-skew');
    const parsed = parseSequence(mermaidExport(trace));
    const enters = parsed.notes.filter((note) => note.text.includes('ENTERS exclusive'));
    expect(enters.map((note) => note.over)).toEqual(expect.arrayContaining([['c0'], ['c1']]));
    expect(parsed.order.at(-1)).toBe('note');
    const last = parsed.notes.at(-1)!;
    expect(last.over).toEqual(['c0', 'c1']);
    expect(last.text).toBe('✗ mutualExclusion violated at step 23: A and B hold EXCLUSIVE at once');
  });

  test('a list that missed a committed file gets a note over the store', () => {
    const trace = counterexample('lag-skew');
    const text = mermaidExport(trace);
    expect(text).toMatch(/Note over store: ! [AB]'s list missed PENDING-[AB] \([AB] sees it from t=\d+\)/);
  });

  test('the reason a client gave for a request is a note over it, at the step it decided', () => {
    const text = mermaidExport(counterexample('lag-skew'));
    expect(text).toMatch(/Note over c0: \d+ t=\d+: put locks\/EXCLUSIVE-A \(its PENDING lock is the oldest\)/);
    expect(text).toMatch(/Note over c1: \d+ t=\d+: put locks\/EXCLUSIVE-B \(its PENDING lock is the oldest\)/);
  });

  test('a reply carries what the list returned', () => {
    const text = mermaidExport(counterexample('lag-skew'));
    expect(text).toMatch(/store-->>c[01]: \d+ t=\d+: \[PENDING-A@\d+\/c\d+, PENDING-B@\d+\/c\d+\]/);
  });

  test('an unknown step kind is a note, and a loop start is marked', () => {
    const trace = counterexample('lag-skew');
    const crash = { ...trace.steps[1]!, kind: 'crash', action: 'A crashes; restarts' } as unknown as TraceFile['steps'][number];
    const odd = { ...trace, steps: [trace.steps[0]!, crash, ...trace.steps.slice(2)], loop: { start: 3 } } as TraceFile;
    const text = mermaidExport(odd);
    expect(text).toContain('  Note over c0: 1 t=0: crash: A crashes#59; restarts');
    expect(text).toContain('  Note over c0,store: ↻ the loop starts here, at step 3');
    parseSequence(text);
  });

  test('mermaidText turns syntax into entity codes', () => {
    expect(mermaidText('a;b#c<d>e')).toBe('a#59;b#35;c#60;d#62;e');
    expect(mermaidText('x\ny')).toBe('x y');
    labelsAreLiteral(mermaidText('100%% sure; #1 <b>'));
  });

  const mermaidDir = process.env.LOCKSIM_MERMAID_DIR;
  test.skipIf(mermaidDir === undefined || !existsSync(join(mermaidDir, 'node_modules', 'mermaid')))('mermaid\'s own parser accepts every export (LOCKSIM_MERMAID_DIR)', async () => {
    const modules = join(mermaidDir!, 'node_modules');
    // mermaid sanitises labels with DOMPurify, which needs a DOM.
    const { JSDOM } = (await import(pathToFileURL(join(modules, 'jsdom', 'lib', 'api.js')).href)) as { JSDOM: new (html: string) => { window: Window & typeof globalThis } };
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window, document: window.document });
    const mermaid = ((await import(pathToFileURL(join(modules, 'mermaid', 'dist', 'mermaid.core.mjs')).href)) as { default: { parse: (text: string) => Promise<{ diagramType: string }> } }).default;
    for (const name of names) expect((await mermaid.parse(mermaidExport(counterexample(name)))).diagramType).toBe('sequence');
    await expect(mermaid.parse('sequenceDiagram\n  participant c0 as A\n  c0->>c0: a ; b\n')).rejects.toThrow();
    expect((await mermaid.parse(`sequenceDiagram\n  participant c0 as A\n  c0->>c0: ${mermaidText('a ; b # c <d> %% e')}\n`)).diagramType).toBe('sequence');
  });
});
