// The contract every StoreClient adapter keeps (model/implementation.ts),
// run against each real store: what lock code may rely on whatever it runs on.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StoreClient } from '../../../model/implementation.ts';

export type ContractTarget = { store: StoreClient; close: () => Promise<void> };

/** A call that the store must refuse, and the words its error must hold (the store, the method and the path). */
export type FailingCall = { call: (store: StoreClient) => Promise<unknown>; names: RegExp };

/**
 * `open` gives the store, or the reason it cannot be had here (the suite is
 * then skipped with that reason). `slackMs`: how far the store's clock may be
 * from this machine's (a Date header has second resolution).
 */
export function storeContract(name: string, open: () => Promise<ContractTarget | string>, slackMs: number, failing: readonly FailingCall[]): void {
  describe(`${name}: the StoreClient contract`, () => {
    let target: ContractTarget | null = null;
    let skipped: string | null = null;
    beforeAll(async () => {
      const opened = await open();
      if (typeof opened === 'string') skipped = opened;
      else target = opened;
    }, 60_000);
    afterAll(async () => {
      await target?.close();
    });
    const store = (): StoreClient | null => {
      if (skipped !== null) {
        console.warn(`${name}: skipped: ${skipped}`);
        return null;
      }
      return target!.store;
    };

    test('put, then get gives the body; a missing file is null', async () => {
      const s = store();
      if (s === null) return;
      await s.put('locks/PENDING-A', 'pending of A');
      expect(await s.get('locks/PENDING-A')).toBe('pending of A');
      expect(await s.get('locks/PENDING-Z')).toBeNull();
    });

    test('list gives files under the prefix only, nested ones too, sorted, with plausible times', async () => {
      const s = store();
      if (s === null) return;
      const before = Date.now();
      await s.put('list/b', 'b');
      await s.put('list/a', 'a');
      await s.put('list/deep/c', 'c');
      await s.put('other/x', 'x');
      const listed = await s.list('list/');
      expect(listed.map((entry) => entry.path)).toStrictEqual(['list/a', 'list/b', 'list/deep/c']);
      for (const entry of listed) {
        expect(Number.isInteger(entry.modifiedMs)).toBe(true);
        expect(Math.abs(entry.modifiedMs - before)).toBeLessThan(slackMs + 10_000);
        expect(entry.etag).not.toBe('');
      }
      expect((await s.list('list/a')).map((entry) => entry.path)).toStrictEqual(['list/a']);
      expect(await s.list('nothing-here/')).toStrictEqual([]);
    });

    test('a rewrite changes the etag and the body, one of the same size at once after too', async () => {
      const s = store();
      if (s === null) return;
      await s.put('etag/f', 'one');
      const [first] = await s.list('etag/f');
      await s.put('etag/f', 'two, longer');
      const [second] = await s.list('etag/f');
      expect(second!.etag).not.toBe(first!.etag);
      expect(await s.get('etag/f')).toBe('two, longer');
      // Same size, well within one timestamp unit of the last write.
      await s.put('etag/f', 'six, longer');
      const [third] = await s.list('etag/f');
      expect(third!.etag).not.toBe(second!.etag);
      expect(await s.get('etag/f')).toBe('six, longer');
    });

    test('delete is true for a file that was there, false for one that was not, and the file is gone', async () => {
      const s = store();
      if (s === null) return;
      await s.put('del/f', 'f');
      expect(await s.delete('del/f')).toBe(true);
      expect(await s.delete('del/f')).toBe(false);
      expect(await s.get('del/f')).toBeNull();
      expect(await s.list('del/')).toStrictEqual([]);
    });

    test("remoteDate is the store's clock, close to this machine's", async () => {
      const s = store();
      if (s === null) return;
      const remote = await s.remoteDate();
      expect(Math.abs(remote - Date.now())).toBeLessThan(slackMs);
    });

    test('create, where the store has it, makes an absent file and refuses an existing one', async () => {
      const s = store();
      if (s === null || s.create === undefined) return;
      expect(await s.create('create/f', 'first')).toBe(true);
      expect(await s.create('create/f', 'second')).toBe(false);
      expect(await s.get('create/f')).toBe('first');
      // A file that put wrote is there for create too.
      await s.put('create/g', 'put');
      expect(await s.create('create/g', 'create')).toBe(false);
      expect(await s.get('create/g')).toBe('put');
      // Created in a folder not made yet, and listed like any file.
      expect(await s.create('create/deep/h', 'h')).toBe(true);
      expect((await s.list('create/')).map((entry) => entry.path)).toStrictEqual(['create/deep/h', 'create/f', 'create/g']);
    });

    test('a failure names the store, the method and the path', async () => {
      const s = store();
      if (s === null) return;
      expect(failing.length).toBeGreaterThan(0);
      for (const { call, names } of failing) await expect(call(s)).rejects.toThrow(names);
    });
  });
}
