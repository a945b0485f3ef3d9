import { describe, expect, test } from 'vitest';
import { protocolProblem } from '../../model/checkProtocol.ts';
import { builtinProtocols } from '../../model/protocols/registry.ts';

describe('protocolProblem: requires', () => {
  const base = builtinProtocols.get('pending-lock')!;

  test('every built-in satisfies the protocol API', () => {
    for (const protocol of builtinProtocols.values()) expect(protocolProblem(protocol), protocol.name).toBeNull();
  });

  test('requires is optional; when given, a mapping of known features to booleans', () => {
    expect(protocolProblem({ ...base, requires: undefined })).toBeNull();
    expect(protocolProblem({ ...base, requires: {} })).toBeNull();
    expect(protocolProblem({ ...base, requires: { createIfAbsent: true } })).toBeNull();
    expect(protocolProblem({ ...base, requires: { createIfAbsent: false } })).toBeNull();
  });

  test('anything else is named', () => {
    const expected = 'bad requires: expected a mapping of store features (createIfAbsent) to true or false';
    expect(protocolProblem({ ...base, requires: null })).toBe(expected);
    expect(protocolProblem({ ...base, requires: ['createIfAbsent'] })).toBe(expected);
    expect(protocolProblem({ ...base, requires: { cas: true } })).toBe(`${expected}; unknown feature "cas"`);
    expect(protocolProblem({ ...base, requires: { createIfAbsent: 'yes' } })).toBe(`${expected}; createIfAbsent is "yes"`);
  });
});
