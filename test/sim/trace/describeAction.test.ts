import { describe, expect, test } from 'vitest';
import type { ListedFile } from '../../../model/index.ts';
import { describeEffect, describeListed, describeReply, describeRequest } from '../../../sim/trace/describeAction.ts';

const file = (name: string, mtimeTicks: number, clientStampTicks = mtimeTicks): ListedFile => ({ name, owner: 'A', body: null, mtimeTicks, clientStampTicks, version: 1 });

describe('describeAction', () => {
  test('requests', () => {
    expect(describeRequest({ kind: 'list', prefix: 'locks/' })).toBe('list locks/');
    expect(describeRequest({ kind: 'put', name: 'locks/PENDING-A', body: 'PENDING' })).toBe('put locks/PENDING-A');
    expect(describeRequest({ kind: 'create', name: 'f', body: 1 })).toBe('create-if-absent f');
    expect(describeRequest({ kind: 'delete', name: 'f' })).toBe('delete f');
    expect(describeRequest({ kind: 'write' })).toBe('data write');
  });

  test('listed files: base name and mtime, and the client stamp only when it differs', () => {
    expect(describeListed(file('locks/PENDING-A', 3))).toBe('PENDING-A@3');
    expect(describeListed(file('locks/PENDING-A', 3, 1))).toBe('PENDING-A@3/c1');
    expect(describeListed(file('top', 0, -2))).toBe('top@0/c-2');
  });

  test('replies', () => {
    expect(describeReply({ kind: 'listed', files: [] })).toBe('[]');
    expect(describeReply({ kind: 'listed', files: [file('locks/A', 1), file('locks/B', 2, 0)] })).toBe('[A@1, B@2/c0]');
    expect(describeReply({ kind: 'ok' })).toBe('ok');
    expect(describeReply({ kind: 'exists' })).toBe('exists');
    expect(describeReply({ kind: 'not-found' })).toBe('not found');
  });

  test('effects', () => {
    expect(describeEffect({ kind: 'wait', ticks: 2 })).toBe('wait 2 ticks');
    expect(describeEffect({ kind: 'enter', section: 'exclusive' })).toBe('ENTER exclusive');
    expect(describeEffect({ kind: 'exit', section: 'sync' })).toBe('leave sync');
    expect(describeEffect({ kind: 'done', outcome: 'finished' })).toBe('done');
    expect(describeEffect({ kind: 'done', outcome: 'gave-up' })).toBe('gives up for good');
    expect(describeEffect({ kind: 'delete', name: 'f' })).toBe('delete f');
  });
});
