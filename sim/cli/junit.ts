// JUnit XML, the format CI test reporters read: one test case per scenario,
// a failure for each verdict that did not match, with the counterexample's
// text rendering in the failure, so a reporter shows the trace inline.

import { formatTrace } from '../trace/formatTrace.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type JunitCase = {
  /** The scenario file. */
  name: string;
  /** e.g. `locksim.check`; reporters group by it. */
  className: string;
  seconds: number;
  /** Null when the verdict was as expected. */
  failure: { type: string; message: string; text: string } | null;
  /** Shown with passing cases too: the summary, and the trace of an expected violation. */
  output: string | null;
  /** Why the case was not run, when it was not. */
  skipped?: string | undefined;
};

// XML 1.0 allows tab, newline, carriage return and these ranges; anything
// else (other control characters, lone surrogates) makes the file unreadable.
const invalidXmlCharacters = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: the five special characters escaped, characters XML cannot hold replaced. */
export function escapeXmlText(text: string): string {
  return text
    .replace(invalidXmlCharacters, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An attribute value: as text, with line breaks and tabs kept as character references (a parser would fold them to spaces). */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function seconds(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`junit: bad time ${value}`);
  return value.toFixed(3);
}

export function junitXml(suiteName: string, cases: readonly JunitCase[]): string {
  const failures = cases.filter((testCase) => testCase.failure !== null).length;
  const skipped = cases.filter((testCase) => testCase.skipped !== undefined).length;
  const total = cases.reduce((sum, testCase) => sum + testCase.seconds, 0);
  const attribute = escapeXmlAttribute;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attribute(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds(total)}">`,
    `  <testsuite name="${attribute(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}">`,
  ];
  for (const testCase of cases) {
    const open = `    <testcase name="${attribute(testCase.name)}" classname="${attribute(testCase.className)}" time="${seconds(testCase.seconds)}"`;
    if (testCase.failure === null && testCase.output === null && testCase.skipped === undefined) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (testCase.skipped !== undefined) lines.push(`      <skipped message="${attribute(testCase.skipped)}"/>`);
    if (testCase.failure !== null) {
      const { type, message, text } = testCase.failure;
      lines.push(`      <failure type="${attribute(type)}" message="${attribute(message)}">${escapeXmlText(text)}</failure>`);
    }
    if (testCase.output !== null) lines.push(`      <system-out>${escapeXmlText(testCase.output)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

export type Verdict = {
  name: string;
  className: string;
  elapsedMs: number;
  /** Whether the verdict was acceptable. */
  passed: boolean;
  /** The command's own summary of the verdict; its first line is the failure message. */
  summary: string;
  /** The counterexample, if any: its text rendering follows the summary. */
  trace: TraceFile | null;
};

/** The test case of one verdict: a failure when it was not acceptable, with the trace as text either way. */
export function verdictCase(verdict: Verdict): JunitCase {
  const text = verdict.trace === null ? verdict.summary : `${verdict.summary}\n\n${formatTrace(verdict.trace)}`;
  const type = verdict.trace === null ? 'no-violation' : `violation of ${verdict.trace.violation.property}`;
  return {
    name: verdict.name,
    className: verdict.className,
    seconds: verdict.elapsedMs / 1000,
    failure: verdict.passed ? null : { type, message: verdict.summary.split('\n')[0]!, text },
    output: verdict.passed ? text : null,
  };
}

export function writeJunit(file: string, suiteName: string, cases: readonly JunitCase[]): void {
  writeFileAtomic(file, junitXml(suiteName, cases));
}
