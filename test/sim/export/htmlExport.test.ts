import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { escapeHtml, htmlExport } from '../../../sim/export/htmlExport.ts';
import type { TraceFile } from '../../../sim/trace/traceFile.ts';
import { counterexample } from '../support/counterexamples.ts';

const trace = counterexample('lag-skew');
const page = htmlExport(trace);

describe('htmlExport', () => {
  test('one self-contained page: inline style and script, nothing fetched', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toContain('<script>');
    expect(page).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(|https?:\/\//i);
  });

  test('a row per step with a cell per lane, and a details section per step', () => {
    const rows = page.match(/<tr id="row-\d+"/g) ?? [];
    expect(rows).toHaveLength(trace.steps.length);
    const details = page.match(/<section class="detail" id="detail-\d+"/g) ?? [];
    expect(details).toHaveLength(trace.steps.length);
    expect(page).toContain('<th>A</th><th>B</th><th>store</th>');
  });

  test('the violation: its row marked, the holders named with the steps they entered', () => {
    expect(page).toMatch(/<tr id="row-23" class="step violation"/);
    expect(page).toContain('mutualExclusion: A and B hold EXCLUSIVE at once');
    expect(page).toMatch(/A: <a href="#step-\d+" data-goto="\d+">step \d+<\/a> put EXCLUSIVE-A, <a href="#step-\d+" data-goto="\d+">step \d+<\/a> enters exclusive/);
    expect(page).toMatch(/B: <a href="#step-\d+" data-goto="\d+">step \d+<\/a> put EXCLUSIVE-B, <a href="#step-23" data-goto="23">step 23<\/a> enters exclusive/);
    expect(page).toMatch(/<span class="stale">! missed PENDING-[AB]<\/span>/);
  });

  test('the details tell what the viewer tells: NOT YET files, states, properties', () => {
    expect(page).toMatch(/NOT YET \(t=\d+\)/);
    expect(page).toContain('IN EXCLUSIVE');
    expect(page).toContain('Properties at step 23:');
    expect(page).toContain('mutualExclusion VIOLATED');
  });

  test('every text is escaped', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const named = { ...trace, scenario: { ...trace.scenario, name: '<script>alert(1)</script>' } } as TraceFile;
    const html = htmlExport(named);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

// The page in a real browser. Debian's chromium is not installed by default;
// where it is missing (CI), these checks are skipped.
const chromium = '/usr/bin/chromium';

function chromiumRun(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'locksim-chromium-'));
  return execFileSync(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

describe.skipIf(!existsSync(chromium))('htmlExport in headless Chromium', () => {
  const directory = mkdtempSync(join(tmpdir(), 'locksim-html-'));

  test('loads from file:// and selects the step in the address, showing its details', () => {
    const file = join(directory, 'lag-skew.html');
    writeFileSync(file, page);
    const dom = chromiumRun(['--dump-dom', `file://${file}#step-23`]);
    expect(dom).toMatch(/<tr id="row-23" class="step violation current"/);
    expect(dom).toMatch(/<section class="detail" id="detail-23" data-step="23">/);
    expect(dom).toMatch(/<section class="detail" id="detail-0" data-step="0" hidden="">/);
    expect(dom).toContain('<span id="position">step 23 of 23</span>');
    expect(dom).toContain('<th>A</th><th>B</th><th>store</th>');
  });

  test('arrow keys, j/k and v move the selection; a click selects a row', () => {
    // The real page, with a probe appended that presses keys and clicks, and writes what was selected.
    const probe = `<script>
(function () {
  var seen = [];
  function current() { var row = document.querySelector('tr.current'); return row ? row.getAttribute('data-step') : 'none'; }
  function press(key) { document.dispatchEvent(new KeyboardEvent('keydown', { key: key, bubbles: true })); seen.push(key + '=' + current()); }
  seen.push('start=' + current());
  press('ArrowDown'); press('ArrowDown'); press('j'); press('ArrowUp'); press('v'); press('k'); press('Home'); press('End');
  document.getElementById('row-7').dispatchEvent(new MouseEvent('click', { bubbles: true }));
  seen.push('click=' + current());
  seen.push('visible=' + Array.prototype.filter.call(document.querySelectorAll('section.detail'), function (section) { return !section.hidden; }).map(function (section) { return section.id; }).join(','));
  document.body.setAttribute('data-probe', seen.join(' '));
})();
</script>
</body>`;
    const file = join(directory, 'probe.html');
    writeFileSync(file, page.replace('</body>', probe));
    const dom = chromiumRun(['--dump-dom', `file://${file}`]);
    const seen = /data-probe="([^"]*)"/.exec(dom)?.[1];
    expect(seen).toBe('start=0 ArrowDown=1 ArrowDown=2 j=3 ArrowUp=2 v=23 k=22 Home=0 End=23 click=7 visible=detail-7');
  });

  test('takes a screenshot', () => {
    const file = join(directory, 'lag-skew.html');
    writeFileSync(file, page);
    const png = join(directory, 'lag-skew.png');
    chromiumRun([`--screenshot=${png}`, '--window-size=1400,900', `file://${file}#step-13`]);
    expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
