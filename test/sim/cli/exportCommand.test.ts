import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { main, type Io } from '../../../sim/cli/main.ts';
import { counterexampleFile } from '../support/counterexamples.ts';

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (line) => outs.push(line), err: (line) => errs.push(line) };
}

describe('locksim export', () => {
  const file = counterexampleFile('lag-skew');

  test('--format text prints exactly what show prints', async () => {
    const exported = capture();
    const shown = capture();
    expect(await main(['node', 'locksim', 'export', file, '--format', 'text'], exported)).toBe(0);
    expect(await main(['node', 'locksim', 'show', file], shown)).toBe(0);
    expect(exported.outs).toEqual(shown.outs);
    expect(exported.errs).toEqual([]);
  });

  test('--format mermaid prints a sequence diagram', async () => {
    const io = capture();
    expect(await main(['node', 'locksim', 'export', file, '--format', 'mermaid'], io)).toBe(0);
    const text = io.outs.join('\n');
    expect(text.startsWith('sequenceDiagram\n')).toBe(true);
    expect(text).toContain('participant c0 as A (upgrader)');
    expect(text).toContain('✗ mutualExclusion violated');
  });

  test('--format html --out writes the page and says where', async () => {
    const out = `${file}.html`;
    const io = capture();
    expect(await main(['node', 'locksim', 'export', file, '--format', 'html', '--out', out], io)).toBe(0);
    expect(io.outs).toEqual([`wrote ${out}`]);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('locksim trace: lag-skew');
  });

  test('an unknown format or none is a usage error: exit 2', async () => {
    const unknown = capture();
    expect(await main(['node', 'locksim', 'export', file, '--format', 'svg'], unknown)).toBe(2);
    expect(unknown.errs.join('\n')).toContain("argument 'svg' is invalid. Allowed choices are mermaid, html, text.");
    const missing = capture();
    expect(await main(['node', 'locksim', 'export', file], missing)).toBe(2);
    expect(missing.errs.join('\n')).toContain("required option '--format <format>' not specified");
  });

  test('a file that is not a locksim trace: the same one line and exit 2 as show', async () => {
    const bad = `${file}.not.json`;
    writeFileSync(bad, '[1, 2]\n');
    for (const format of ['mermaid', 'html', 'text']) {
      const io = capture();
      expect(await main(['node', 'locksim', 'export', bad, '--format', format], io)).toBe(2);
      expect(io.errs).toEqual([`locksim: ${bad}: expected a locksim trace (a JSON object with "format": "locksim-trace")`]);
      expect(io.outs).toEqual([]);
    }
  });
});
