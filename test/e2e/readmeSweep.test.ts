// The README's sweep is real output: run the command it shows and compare,
// so that the table, the chart and the answer read off them stay true when
// write-verify or the simulator changes.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { main } from '../../sim/cli/main.ts';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(['node', 'locksim', ...args], { out: (line) => out.push(line), err: () => {} });
  return { code, out: out.join('\n') };
}

function sweepsSection(): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('\n## Sweeps\n');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README: Sweeps', () => {
  test('the pasted table and chart are what the command prints', async () => {
    const section = sweepsSection();
    const command = /```sh\nnpx locksim (sweep [^\n]+)\n```/.exec(section);
    expect(command).not.toBeNull();
    const args = command![1]!.split(/\s+/);
    const blocks = [...section.matchAll(/```text\n([\s\S]*?)\n```/g)].map((match) => match[1]!);
    expect(blocks).toHaveLength(2);
    // The output is the same for any --jobs (see test/sim/cli/sweepCommand.test.ts); one thread is quickest here.
    const table = await run([...args, '--jobs', '1']);
    expect(table.code).toBe(0);
    expect(table.out).toBe(blocks[0]);
    const plot = await run([...args, '--jobs', '1', '--plot']);
    // The README shows the chart without the headline and the legend.
    expect(plot.out.split('\n').slice(2).join('\n').startsWith(blocks[1]!)).toBe(true);
  });

  test('the answer it reads off holds: verifyDelay of at least L - 2 for lists that lag by up to L ticks', async () => {
    const args = ['sweep', 'examples/sweeps/write-verify-lag.yaml', '--param', 'store.listLag=0..8', '--param', 'protocol.verifyDelay=0..8', '--json', '--jobs', '1'];
    const json = JSON.parse((await run(args)).out) as { boundary: { value: [number, number]; smallestSafe: number | null }[] };
    expect(json.boundary.map(({ value, smallestSafe }) => [value[1], smallestSafe])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((lag) => [lag, Math.max(0, lag - 2)]));
  });
});
