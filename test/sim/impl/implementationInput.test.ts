// Bad implementation sections: one line naming the file, the field and what was expected.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { loadScenarioText } from '../../../sim/scenario/loadScenario.ts';

const file = join(import.meta.dirname, 'fixtures', 'bad.yaml');
const clients = 'clients: [{ id: A, role: upgrader }]\nstore: { latency: 1 }\n';

test.each([
  ['protocol: { name: pending-lock }\nimplementation: { module: ./checkThenPut.ts }\n' + clients, 'implementation: given with protocol; expected one of them'],
  ['implementation: { module: ./nope.ts }\n' + clients + 'explore: { mode: random }\n', 'implementation.module: cannot use harness module "./nope.ts": no such file'],
  ['implementation: { module: ./check-then-put.yaml }\n' + clients + 'explore: { mode: random }\n', 'implementation.module: cannot use harness module "./check-then-put.yaml": it failed to load'],
  ['implementation: { module: ./checkThenPut.ts, tickMs: 0 }\n' + clients + 'explore: { mode: random }\n', 'implementation.tickMs: expected an integer >= 1; got 0'],
  ['implementation: { module: ./checkThenPut.ts }\n' + clients, 'explore: exhaustive search needs states it can compare'],
  ['implementation: { module: ./checkThenPut.ts }\nclients: [{ id: A, role: syncer }]\nstore: { latency: 1 }\nexplore: { mode: random }\n', 'clients[0].role: unknown role "syncer"; expected one of upgrader'],
  ['protocol: { name: pending-lock }\nclients: [{ id: A, role: upgrader }]\nstore: { latency: 1 }\nexplore: { mode: systematic }\n', 'explore.mode: systematic search is for an implementation'],
  [clients, 'protocol: missing; expected a protocol'],
])('%#: %s', (text, message) => {
  let thrown: unknown = null;
  try {
    loadScenarioText(text, file);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InputError);
  expect((thrown as InputError).message).toContain(message);
  expect((thrown as InputError).message).not.toContain('\n');
});
