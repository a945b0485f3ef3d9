// JUnit XML: escaped so that any scenario name or trace text keeps the file
// well formed, one test case per scenario, the trace in the failure.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, junitXml } from '../../../sim/cli/junit.ts';
import { main } from '../../../sim/cli/main.ts';

/** The inverse of escaping, for the five entities and the three character references we write. */
function unescape(text: string): string {
  return text
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '\r')
    .replace(/&#9;/g, '\t')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const xmlCharacter = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

describe('escaping', () => {
  test.prop([fc.string({ unit: 'binary' })])('text and attributes hold no markup, only characters XML allows, and unescape to the input (bad characters as U+FFFD)', (input) => {
    const expected = input.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
    for (const escaped of [escapeXmlText(input), escapeXmlAttribute(input)]) {
      expect(escaped).not.toMatch(/[<>"']/);
      expect(escaped).toMatch(xmlCharacter);
      expect(escaped.replace(/&(amp|lt|gt|quot|apos|#10|#13|#9);/g, '')).not.toContain('&');
      expect(unescape(escaped)).toBe(expected);
    }
    expect(escapeXmlAttribute(input)).not.toMatch(/[\n\r\t]/);
  });
});

describe('junitXml', () => {
  test('one test case per verdict, failures counted, the failure text in the element and its first line as the message', () => {
    const xml = junitXml('locksim check', [
      { name: 'a.yaml', className: 'locksim.check', seconds: 0.5, failure: null, output: null },
      { name: 'b <&> "x".yaml', className: 'locksim.check', seconds: 1.25, failure: { type: 'violation of mutualExclusion', message: 'b: VIOLATION\nsecond line', text: 'step 1 < step 2 & done' }, output: null },
      { name: 'c.yaml', className: 'locksim.check', seconds: 0, failure: null, output: 'expected violation: ok' },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="locksim check" tests="3" failures="1" errors="0" time="1.750">')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('<testcase name="a.yaml" classname="locksim.check" time="0.500"/>');
    expect(xml).toContain('name="b &lt;&amp;&gt; &quot;x&quot;.yaml"');
    expect(xml).toContain('<failure type="violation of mutualExclusion" message="b: VIOLATION&#10;second line">step 1 &lt; step 2 &amp; done</failure>');
    expect(xml).toContain('<system-out>expected violation: ok</system-out>');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const unsafeText = 'protocol: { name: pending-lock, tieBreak: strict }\nclients: [{ id: A, role: upgrader }, { id: B, role: upgrader }]\nstore: {}\n';

function scenarioFiles(): { dir: string; unsafe: string; unsafeExpected: string; safe: string } {
  const dir = mkdtempSync(join(tmpdir(), 'locksim-junit-'));
  const unsafe = join(dir, 'unsafe.yaml');
  const unsafeExpected = join(dir, 'unsafe-expected.yaml');
  const safe = join(dir, 'alone.yaml');
  writeFileSync(unsafe, `${unsafeText}expect: safe\n`);
  writeFileSync(unsafeExpected, `${unsafeText}expect: violation\n`);
  writeFileSync(safe, 'protocol: { name: pending-lock }\nclients: [{ id: A, role: upgrader }]\nstore: {}\nexpect: safe\n');
  return { dir, unsafe, unsafeExpected, safe };
}

describe('locksim check --junit', () => {
  test('writes one test case per scenario; an expected violation passes, with its trace shown', async () => {
    const files = scenarioFiles();
    const file = join(files.dir, 'check.xml');
    const result = await run('check', files.unsafeExpected, files.safe, '--out', files.dir, '--junit', file);
    expect(result.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('failures="0"');
    expect(xml).toMatch(/<testcase name="[^"]*unsafe-expected.yaml" classname="locksim.check" time="[0-9.]+">\n {6}<system-out>[^<]*locksim trace: /);
  });

  test('a verdict that is not the expected one is a <failure> whose body renders the counterexample', async () => {
    const files = scenarioFiles();
    const file = join(files.dir, 'check.xml');
    const result = await run('check', files.unsafe, '--out', files.dir, '--junit', file);
    expect(result.code).toBe(1);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('failures="1"');
    expect(xml).toMatch(/<failure type="violation of mutualExclusion" message="[^"\n]*VIOLATION of mutualExclusion \(EXPECTED SAFE: FAIL\)">/);
    expect(xml).toMatch(/&lt;&lt;&lt; mutualExclusion violated/);
  });
});
