// Issue 11: an editor with the YAML language server completes and checks a
// scenario's fields from the shipped schema, through the modeline the README
// and init-protocol write. The real server (yaml-language-server, dev only)
// is driven over stdio with the Language Server Protocol, as an editor does.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const serverPath = createRequire(import.meta.url).resolve('yaml-language-server/bin/yaml-language-server');

type Message = { id?: number; method?: string; params?: { items?: unknown[]; diagnostics?: { message: string }[] }; result?: unknown };

/** A minimal LSP client: requests with ids, and the answers a server asks of its client. */
function startServer() {
  const server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buffer = Buffer.alloc(0);
  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  const diagnostics: string[][] = [];
  const send = (message: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    server.stdin.write(body);
  };
  server.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let messages = 0; messages < 10_000; messages += 1) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, end).toString())![1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as Message;
      buffer = buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method === undefined) {
        waiting.get(message.id)?.(message.result);
        waiting.delete(message.id);
      } else if (message.method === 'workspace/configuration') {
        send({ id: message.id, result: (message.params?.items ?? []).map(() => ({ validate: true, completion: true, schemas: {} })) });
      } else if (message.method === 'textDocument/publishDiagnostics') {
        diagnostics.push((message.params?.diagnostics ?? []).map((diagnostic) => diagnostic.message));
      } else if (message.id !== undefined) {
        send({ id: message.id, result: null });
      }
    }
  });
  const request = (method: string, params: object) => {
    nextId += 1;
    const id = nextId;
    send({ id, method, params });
    return new Promise<unknown>((resolve) => waiting.set(id, resolve));
  };
  return { send, request, diagnostics, stop: () => server.kill() };
}

function labels(result: unknown): string[] {
  const items = Array.isArray(result) ? result : ((result as { items?: unknown[] } | null)?.items ?? []);
  return (items as { label: string }[]).map((item) => item.label);
}

test('the YAML language server completes store and top-level fields from scenario.schema.json and flags a misspelt field', async () => {
  const server = startServer();
  try {
    await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    server.send({ method: 'initialized', params: {} });
    server.send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: { validate: true, completion: true, schemas: {} } } } });
    const schemaUrl = pathToFileURL(join(root, 'scenario.schema.json')).href;
    const text = [`# yaml-language-server: $schema=${schemaUrl}`, 'name: x', 'protocol: { name: pending-lock }', 'clients:', '  - { id: A, role: upgrader }', 'store:', '  lattency: 3', '  ', ''].join('\n');
    const uri = 'file:///scenario-under-test.yaml';
    server.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
    const inStore = labels(await server.request('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 2 } }));
    expect(inStore).toEqual(expect.arrayContaining(['latency', 'listLag', 'clockSkew', 'timestampResolution', 'clockPhase', 'createIfAbsent', 'mtimeFrom', 'profile']));
    const topLevel = labels(await server.request('textDocument/completion', { textDocument: { uri }, position: { line: 8, character: 0 } }));
    expect(topLevel).toEqual(expect.arrayContaining(['faults', 'explore', 'properties', 'expect']));
    for (let waits = 0; waits < 100 && !server.diagnostics.some((messages) => messages.length > 0); waits += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.diagnostics.flat()).toContain('Property lattency is not allowed.');
  } finally {
    server.stop();
  }
}, 30_000);
