import { describe, expect, test } from 'vitest';
import { createExclusive } from '../../../model/protocols/createExclusive.ts';
import { leaseFencing } from '../../../model/protocols/leaseFencing.ts';
import { pendingLock } from '../../../model/protocols/pendingLock.ts';
import { builtinProtocols } from '../../../model/protocols/registry.ts';
import { writeVerify } from '../../../model/protocols/writeVerify.ts';

describe('builtinProtocols', () => {
  test('maps each protocol by its own name, pending-lock among them', () => {
    expect(builtinProtocols.get('pending-lock')).toBe(pendingLock);
    for (const [name, protocol] of builtinProtocols) expect(protocol.name).toBe(name);
  });

  test('holds the protocols of issue 5, and only create-exclusive and lease-fencing need create-if-absent', () => {
    expect(builtinProtocols.get('write-verify')).toBe(writeVerify);
    expect(builtinProtocols.get('create-exclusive')).toBe(createExclusive);
    expect(builtinProtocols.get('lease-fencing')).toBe(leaseFencing);
    const needing = [...builtinProtocols.values()].filter((protocol) => protocol.requires?.createIfAbsent === true).map((protocol) => protocol.name);
    expect(needing).toStrictEqual(['create-exclusive', 'lease-fencing']);
  });

  test('every built-in says which section each of its roles seeks, among its own sections and roles', () => {
    for (const protocol of builtinProtocols.values()) {
      expect(protocol.roleSections, protocol.name).toStrictEqual({ upgrader: 'exclusive', syncer: 'sync' });
      for (const [role, section] of Object.entries(protocol.roleSections ?? {})) {
        expect(protocol.roles).toContain(role);
        expect(protocol.sections).toContain(section);
      }
    }
  });
});
