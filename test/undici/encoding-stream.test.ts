import { brotliCompressSync, createGzip, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, request, requestStream, type Transport } from '../../src/index.js';
import { TRANSPORTS } from '../core/_support.js';
import { ON_DENO } from '../helpers/runtime.js';
import { startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('%s transport: compressed responses, as fetch decodes them', (name, makeTransport: () => Transport) => {
  it('streams a gzip-encoded SSE body, decoded event by event', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gz = createGzip();
      gz.pipe(res);
      gz.write('data: {"n":1}\n\n');
      gz.flush(() => setTimeout(() => gz.end('data: {"n":2}\n\n'), 5));
    });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), headers: { 'accept-encoding': 'gzip' }, retry: false });
    const out: unknown[] = [];
    for await (const v of await requestStream(client, { method: 'GET', path: '/sse', schema: z.object({ n: z.number() }), operation: 'test.sse' })) out.push(v);
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
  });

  // Deno's fetch does not undo deflate (docs/runtimes.md, Runtime notes): the fetch transport passes that on
  const codings: Array<[string, (s: string) => Buffer]> = [
    ['br', (s: string) => brotliCompressSync(s)],
    ['deflate', (s: string) => deflateSync(s)],
  ];
  it.each(codings.filter(([coding]) => !(ON_DENO && name === 'fetch' && coding === 'deflate')))('decodes a %s response read whole', async (coding, encode) => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
      res.end(encode('{"coded":true}'));
    });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), headers: { 'accept-encoding': coding }, retry: false });
    expect(await request(client, { method: 'GET', path: '/c', operation: 'test.coded' })).toEqual({ coded: true });
  });
});
