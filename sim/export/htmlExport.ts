// A trace as one self-contained html page, for reviews in a browser: the
// swimlane timeline (the viewer's rows) and, for the selected step, the
// viewer's details and properties. Everything is inline: no network, no
// server. A step is selected with a click, or with the arrow keys (and j/k,
// Home/End, v for the violation); the address keeps it (#step-12).

import { laneIds, staleText, storeLane, timelineRows, type TimelineRow } from '../trace/timelineRows.ts';
import type { TraceFile } from '../trace/traceFile.ts';
import { violationStory, type ViolationStory } from '../trace/violationStory.ts';
import { detailLines } from '../ui/detailLines.ts';
import { propertyLines } from '../ui/propertyLines.ts';
import type { StyledLine } from '../ui/styledLine.ts';
import { traceOrigin } from '../trace/traceOrigin.ts';

/** Wide enough that no detail line is cut: the page wraps instead. */
const unlimitedWidth = 1_000_000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function lineHtml(line: StyledLine): string {
  if (line.length === 0) return '<div class="line">&nbsp;</div>';
  const spans = line.map((segment) => {
    const classes = [segment.color === undefined ? '' : `c-${segment.color}`, segment.bold === true ? 'b' : '', segment.dim === true ? 'dim' : ''].filter((name) => name !== '');
    return classes.length === 0 ? escapeHtml(segment.text) : `<span class="${classes.join(' ')}">${escapeHtml(segment.text)}</span>`;
  });
  return `<div class="line">${spans.join('')}</div>`;
}

function markOf(row: TimelineRow): string {
  if (row.violation) return '✗';
  if (row.loopStart) return '↻';
  if (row.stale.length > 0) return '!';
  return '';
}

function cellHtml(row: TimelineRow, lane: string): string {
  if (lane === storeLane) {
    if (row.lane !== storeLane) return '<td class="lane store"></td>';
    const stale = row.stale.length === 0 ? '' : ` <span class="stale">! ${escapeHtml(staleText(row))}</span>`;
    return `<td class="lane store event">${escapeHtml(row.text)}${stale}</td>`;
  }
  const section = row.sections[lane] ?? null;
  const held = section === null ? '' : ` held s-${section === 'exclusive' ? 'exclusive' : 'other'}`;
  if (row.lane === lane) {
    const kind = row.enters !== null ? ' enter' : row.leaves !== null ? ' leave' : '';
    return `<td class="lane event${held}${kind}">${section === null ? '' : '┃'}${escapeHtml(row.text)}</td>`;
  }
  return section === null ? '<td class="lane"></td>' : `<td class="lane${held}">┃<span class="dim">${escapeHtml(section)}</span></td>`;
}

function rowHtml(row: TimelineRow, lanes: readonly string[]): string {
  const classes = ['step', row.violation ? 'violation' : '', row.stale.length > 0 ? 'has-stale' : '', row.loopStart ? 'loop-start' : ''].filter((name) => name !== '');
  return [
    `<tr id="row-${row.index}" class="${classes.join(' ')}" data-step="${row.index}" tabindex="-1">`,
    `<td class="mark">${markOf(row)}</td><td class="num">${row.index}</td><td class="num">t${row.tick}</td>`,
    ...lanes.map((lane) => cellHtml(row, lane)),
    '</tr>',
  ].join('');
}

function detailHtml(trace: TraceFile, story: ViolationStory, step: number): string {
  const details = detailLines(trace, step, unlimitedWidth, true).map(lineHtml).join('');
  const properties = propertyLines(trace, story, step, unlimitedWidth, 2).slice(0, 1).map(lineHtml).join('');
  return `<section class="detail" id="detail-${step}" data-step="${step}" hidden>${details}<div class="gap"></div>${properties}</section>`;
}

function storyHtml(story: ViolationStory): string {
  const link = (step: number, text: string) => `<a href="#step-${step}" data-goto="${step}">${escapeHtml(text)}</a>`;
  const holders = story.holders
    .map((holder) => {
      if (holder.enteredStep === null) return escapeHtml(`${holder.client} holds ${holder.section}`);
      const decided = holder.decidedStep === null ? '' : `${link(holder.decidedStep, `step ${holder.decidedStep}`)} ${escapeHtml(holder.decidedText ?? '')}, `;
      return `${escapeHtml(holder.client)}: ${decided}${link(holder.enteredStep, `step ${holder.enteredStep}`)} enters ${escapeHtml(holder.section)}`;
    })
    .join('; ');
  const stale = story.staleReads.length === 0 ? '' : `; lists that missed files: ${story.staleReads.map((read) => `${link(read.step, `step ${read.step}`)} ${escapeHtml(`${read.client} ${read.text}`)}`).join(', ')}`;
  return `<p class="violation-line"><span class="c-red b">✗ ${link(story.step, `Violation at step ${story.step}`)}: ${escapeHtml(`${story.property}: ${story.message}`)}.</span> ${holders}${stale}.</p>`;
}

const style = `
:root { color-scheme: light; --fg: #1b1f24; --dim: #6a737d; --line: #d0d7de; --current: #fff3b0; --red: #c62828; --green: #1b7f3b; --yellow: #8a6100; --magenta: #8e24aa; --cyan: #00797c; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; color: var(--fg); background: #fff; }
header { padding: 10px 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 16px; margin: 0 0 4px; }
header p { margin: 2px 0; }
.keys { color: var(--dim); }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(360px, 44%); height: calc(100vh - var(--header, 120px)); }
.timeline { overflow: auto; border-right: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; }
thead th { position: sticky; top: 0; background: #f6f8fa; text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); }
td { padding: 1px 6px; white-space: nowrap; vertical-align: top; }
td.lane { border-left: 1px solid var(--line); }
td.num { text-align: right; color: var(--dim); }
/* List results can be long: the store lane wraps rather than pushing the page sideways. */
td.store { white-space: normal; min-width: 18em; }
td.mark { width: 1.5em; text-align: center; font-weight: bold; }
tr.step { cursor: pointer; }
tr.step:hover { background: #f3f6f9; }
tr.current, tr.current:hover { background: var(--current); outline: 2px solid #e0b000; outline-offset: -2px; }
tr.violation td.mark, tr.violation td.num { color: var(--red); }
tr.violation { box-shadow: inset 4px 0 0 var(--red); }
td.held.s-exclusive { color: var(--magenta); }
td.held.s-other { color: var(--cyan); }
td.enter { color: var(--green); font-weight: bold; }
td.leave { color: var(--green); }
.stale, tr.has-stale td.mark { color: var(--yellow); font-weight: bold; }
.details { overflow: auto; padding: 8px 14px; }
.line { white-space: pre-wrap; overflow-wrap: anywhere; }
.gap { height: 10px; }
.b { font-weight: bold; }
.dim { color: var(--dim); }
.c-red { color: var(--red); } .c-green { color: var(--green); } .c-yellow { color: var(--yellow); } .c-magenta { color: var(--magenta); } .c-cyan { color: var(--cyan); } .c-blue { color: #0550ae; } .c-gray { color: var(--dim); }
a { color: inherit; }
details { margin-top: 6px; }
pre { margin: 4px 0; white-space: pre-wrap; }
`;

// Selection: one current row and one visible detail section. Kept small and
// dependency-free; it runs from file:// with no server.
const script = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.step'));
  var last = rows.length - 1;
  var violation = Number(document.body.getAttribute('data-violation'));
  var current = -1;
  function select(step, scroll) {
    if (!(step >= 0 && step <= last)) return;
    if (current >= 0) {
      rows[current].classList.remove('current');
      document.getElementById('detail-' + current).hidden = true;
    }
    current = step;
    rows[step].classList.add('current');
    document.getElementById('detail-' + step).hidden = false;
    document.getElementById('position').textContent = 'step ' + step + ' of ' + last;
    if (scroll) rows[step].scrollIntoView({ block: 'nearest' });
    if (history.replaceState) history.replaceState(null, '', '#step-' + step);
  }
  function fromHash() {
    var match = /^#step-(\\d+)$/.exec(location.hash);
    return match ? Number(match[1]) : 0;
  }
  rows.forEach(function (row) {
    row.addEventListener('click', function () { select(Number(row.getAttribute('data-step')), false); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-goto]'), function (link) {
    link.addEventListener('click', function (event) { event.preventDefault(); select(Number(link.getAttribute('data-goto')), true); });
  });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var page = 10;
    var next = { ArrowDown: current + 1, j: current + 1, ArrowUp: current - 1, k: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, g: 0, End: last, G: last, v: violation }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(Math.max(0, Math.min(last, next)), true);
  });
  var header = document.querySelector('header');
  document.documentElement.style.setProperty('--header', header.offsetHeight + 'px');
  select(Math.min(fromHash(), last), true);
})();
`;

export function htmlExport(trace: TraceFile): string {
  const rows = timelineRows(trace);
  const story = violationStory(trace, rows);
  const lanes = laneIds(trace);
  const { scenario } = trace;
  const origin = traceOrigin(trace, 'exhaustive search (a shortest counterexample)');
  const clients = scenario.clients.map((client) => `${client.id} (${client.role})`).join(', ');
  const laneHeads = lanes.map((lane) => `<th>${escapeHtml(lane === storeLane ? 'store' : lane)}</th>`).join('');
  const title = `locksim trace: ${scenario.name}`;
  const scenarioJson = JSON.stringify(scenario, null, 2);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body data-violation="${trace.violation.step}" data-steps="${trace.steps.length}">
<header>
<h1>${escapeHtml(title)}</h1>
<p>protocol ${escapeHtml(scenario.protocol.name)} · clients ${escapeHtml(clients)} · found by ${escapeHtml(origin)}${trace.scenarioFile === null ? '' : ` · from ${escapeHtml(trace.scenarioFile)}`}</p>
${storyHtml(story)}
<p class="keys"><span id="position"></span> · click a step, or ↑/↓ (j/k), PgUp/PgDn, Home/End, v: the violation · marks: ✗ violation, ! a list that missed a committed file, ┃ in a critical section</p>
</header>
<main>
<div class="timeline">
<table>
<thead><tr><th></th><th>step</th><th>tick</th>${laneHeads}</tr></thead>
<tbody>
${rows.map((row) => rowHtml(row, lanes)).join('\n')}
</tbody>
</table>
</div>
<div class="details">
${trace.steps.map((step) => detailHtml(trace, story, step.index)).join('\n')}
<details><summary>scenario</summary><pre>${escapeHtml(scenarioJson)}</pre></details>
</div>
</main>
<script>${script}</script>
</body>
</html>
`;
}
