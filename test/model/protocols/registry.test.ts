import { describe, expect, test } from 'vitest';
import { pendingLock } from '../../../model/protocols/pendingLock.ts';
import { builtinProtocols } from '../../../model/protocols/registry.ts';

describe('builtinProtocols', () => {
  test('maps each protocol by its own name, pending-lock among them', () => {
    expect(builtinProtocols.get('pending-lock')).toBe(pendingLock);
    for (const [name, protocol] of builtinProtocols) expect(protocol.name).toBe(name);
  });
});
