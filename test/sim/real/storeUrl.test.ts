import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { storeFromUrl } from '../../../sim/real/storeUrl.ts';

test('a plain path and a file:// URL name the same folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'locksim-store-url-'));
  try {
    await storeFromUrl(join(root, 'plain')).put('a/b', 'plain');
    await storeFromUrl(pathToFileURL(join(root, 'url')).href).put('a/b', 'url');
    expect(await readFile(join(root, 'plain', 'a', 'b'), 'utf8')).toBe('plain');
    expect(await readFile(join(root, 'url', 'a', 'b'), 'utf8')).toBe('url');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('webdav, webdavs and s3 URLs give their adapters; create only where ?create=1 asks for it', () => {
  expect(storeFromUrl('webdav://127.0.0.1:8080/dav/locks').create).toBeUndefined();
  expect(storeFromUrl('webdavs://user:secret@dav.example/locks?create=1').create).toBeTypeOf('function');
  expect(storeFromUrl('s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=eu-west-1').create).toBeUndefined();
  expect(storeFromUrl('s3://bucket?create=1').create).toBeTypeOf('function');
});

test.each([
  ['', /^an empty store; expected a folder path/],
  ['ftp://host/x', /^unknown store scheme "ftp:"; expected/],
  ['webdav://', /^"webdav:\/\/" names no host/],
  ['s3:///prefix', /^"s3:\/\/\/prefix" names no bucket/],
  ['s3://bucket/p?endpoint=localhost:9000', /endpoint= must be an http:\/\/ or https:\/\/ URL; got "localhost:9000"/],
  ['webdav://[bad', /is not a URL; expected/],
])('%j is refused with one line saying what was expected', (text, message) => {
  let thrown: Error | null = null;
  try {
    storeFromUrl(text);
  } catch (error) {
    thrown = error as Error;
  }
  expect(thrown?.message).toMatch(message);
  expect(thrown?.message).not.toContain('\n');
});
