import { describe, expect, test } from 'vitest';
import { InputError, formatFieldPath } from '../../../sim/scenario/index.ts';

describe('InputError', () => {
  test('renders file, line, field path and problem on one line', () => {
    const error = new InputError('scenarios/x.yaml', 'clients[1].role', 7, 'expected one of upgrader, syncer; got "writer"');
    expect(error.message).toBe('scenarios/x.yaml:7: clients[1].role: expected one of upgrader, syncer; got "writer"');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InputError');
  });

  test('leaves out an unknown line and an empty field path', () => {
    expect(new InputError('x.yaml', '', null, 'cannot read file').message).toBe('x.yaml: cannot read file');
    expect(new InputError('x.yaml', '', 3, 'expected YAML').message).toBe('x.yaml:3: expected YAML');
    expect(new InputError('--seed', 'seed', null, 'expected an integer').message).toBe('--seed: seed: expected an integer');
  });

  test('is always one line', () => {
    expect(new InputError('odd\nname', '', null, 'two\nlines').message).toBe('odd name: two lines');
  });
});

describe('formatFieldPath', () => {
  test('writes paths as users do', () => {
    expect(formatFieldPath(['clients', 1, 'role'])).toBe('clients[1].role');
    expect(formatFieldPath(['store', 'odd key'])).toBe('store["odd key"]');
    expect(formatFieldPath([])).toBe('');
  });
});
