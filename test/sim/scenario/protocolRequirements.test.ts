// A protocol that needs conditional requests on a store without them is bad
// input, named at the store field, before anything runs.

import { describe, expect, test } from 'vitest';
import { InputError } from '../../../sim/scenario/inputError.ts';
import { loadScenarioText } from '../../../sim/scenario/loadScenario.ts';

const body = (protocol: string, store: string) => `protocol: { name: ${protocol} }
clients: [ { id: A, role: upgrader } ]
store: ${store}
`;

describe('protocol requirements', () => {
  test.each(['create-exclusive', 'lease-fencing'])('%s on a store without createIfAbsent is rejected', (protocol) => {
    expect(() => loadScenarioText(body(protocol, '{}'), 'x.yaml')).toThrow(InputError);
    expect(() => loadScenarioText(body(protocol, '{}'), 'x.yaml')).toThrow(`x.yaml:3: store: ${protocol} needs conditional requests`);
    expect(() => loadScenarioText(body(protocol, '{ createIfAbsent: false }'), 'x.yaml')).toThrow('store.createIfAbsent: ');
    expect(() => loadScenarioText(body(protocol, '{ profile: synced-folder }'), 'x.yaml')).toThrow('needs conditional requests');
  });

  test.each(['{ createIfAbsent: true }', '{ profile: s3 }', '{ profile: local }'])('create-exclusive on %s loads', (store) => {
    expect(loadScenarioText(body('create-exclusive', store), 'x.yaml').store.createIfAbsent).toBe(true);
  });

  test('protocols that need nothing load on a plain store', () => {
    expect(loadScenarioText(body('write-verify', '{}'), 'x.yaml').protocol.name).toBe('write-verify');
  });
});
