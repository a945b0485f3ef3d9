import { describe, expect, test } from 'vitest';
import { exclusiveBody, exclusiveBodyOf, exclusiveFileName, exclusiveFileOf } from '../../model/exclusiveFile.ts';
import { lockKindOf } from '../../model/lockFiles.ts';
import { exclusiveFile, lock } from './protocols/replies.ts';

describe('the well-known EXCLUSIVE file', () => {
  test('lives under the lock prefix, and is not a per-client lock', () => {
    expect(exclusiveFileName).toBe('locks/EXCLUSIVE');
    expect(lockKindOf(exclusiveFile('A', { owner: 'A' }))).toBeNull();
  });

  test('bodies: owner, and a token when there is one', () => {
    expect(exclusiveBody('A', null)).toStrictEqual({ owner: 'A' });
    expect(exclusiveBody('A', 3)).toStrictEqual({ owner: 'A', token: 3 });
    expect(exclusiveBody(null, 3)).toStrictEqual({ owner: null, token: 3 });
    expect(() => exclusiveBody('A', 0)).toThrow('exclusive file: a token is a whole number >= 1, got 0');
  });

  test('found among listed files', () => {
    const file = exclusiveFile('B', { owner: 'B', token: 2 });
    expect(exclusiveFileOf([lock('PENDING', 'A'), file, lock('EXCLUSIVE', 'C')])).toBe(file);
    expect(exclusiveFileOf([lock('EXCLUSIVE', 'C')])).toBeUndefined();
    expect(() => exclusiveFileOf([file, file])).toThrow('exclusive file: a list returned the EXCLUSIVE file twice');
  });

  test('read back, assert on read', () => {
    expect(exclusiveBodyOf(exclusiveFile('B', { owner: 'B', token: 2 }))).toStrictEqual({ owner: 'B', token: 2 });
    expect(exclusiveBodyOf(exclusiveFile('B', { owner: 'B' }))).toStrictEqual({ owner: 'B', token: null });
    expect(exclusiveBodyOf(exclusiveFile('B', { owner: null, token: 5 }))).toStrictEqual({ owner: null, token: 5 });
    expect(() => exclusiveBodyOf(exclusiveFile('B', 'EXCLUSIVE'))).toThrow('exclusive file: expected a body { owner, token }, got "EXCLUSIVE"');
    expect(() => exclusiveBodyOf(exclusiveFile('B', { owner: '' }))).toThrow('exclusive file: expected owner to be a client id or null, got ""');
    expect(() => exclusiveBodyOf(exclusiveFile('B', { owner: 'B', token: 1.5 }))).toThrow('exclusive file: expected token to be a whole number >= 1, got 1.5');
  });
});
