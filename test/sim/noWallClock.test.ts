// Determinism is the product: model/ and the engine never read a wall clock,
// real timers or randomness. The exceptions are named: the CLI's and the
// bench's reporting of elapsed time, sim/real/ (which talks to real stores
// on purpose), the escape guard, which replaces these functions for client
// code, and the code worker's waits for a turn of its event loop (every
// microtask run): they decide nothing by time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');
const allowed = [/^sim\/cli\//, /^sim\/bench\//, /^sim\/real\//, /^sim\/impl\/escapeGuard\.ts$/];
const eventLoopTurn = /^sim\/impl\/(clientRun|codeWorker)\.ts$/;
const forbidden = /\b(Date\.now|performance\.now|Math\.random|setTimeout|setInterval|setImmediate|crypto\.|new Date\(\))/;

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

test('no source file in model/ or sim/ reads a wall clock, real timers or randomness, but the named exceptions', () => {
  const offenders: string[] = [];
  for (const file of [...sources(join(root, 'model')), ...sources(join(root, 'sim'))]) {
    const path = relative(root, file).split('\\').join('/');
    if (allowed.some((pattern) => pattern.test(path))) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const code = /^\s*(\*|\/\*)/.test(line) ? '' : line.replace(/\/\/.*$/, '');
        if (eventLoopTurn.test(path) && /setImmediate\(resolve\)/.test(code)) return;
        if (forbidden.test(code)) offenders.push(`${path}:${index + 1}: ${line.trim()}`);
      });
  }
  expect(offenders).toStrictEqual([]);
});
