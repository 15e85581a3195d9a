import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request, type Middleware, type Transport } from '../../src/index.js';
import { TRANSPORTS } from '../core/_support.js';
import { startTestServerPerTest, type TestServer } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
let server: TestServer | undefined;
afterEach(() => {
  server = undefined;
});

describe.each(TRANSPORTS)('%s transport, same as fetch', (_name, makeTransport: () => Transport) => {
  it('parses a JSON body that starts with a UTF-8 BOM (fetch text() strips it)', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false });
    expect(await request(client, { method: 'GET', path: '/bom', operation: 'test.bom' })).toEqual({ a: 1 });
  });

  it('lets a middleware look at res.body (e.g. `res.body !== null`) without breaking the read of the body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const peek: Middleware = (next) => async (req) => {
      const res = await next(req);
      expect(res.body).not.toBeNull(); // a getter: looking must not consume it, as with fetch's Response
      return res;
    };
    const client = createClient({ baseURL: server.url, transport: makeTransport(), middleware: [peek], retry: false });
    expect(await request(client, { method: 'GET', path: '/x', operation: 'test.peek' })).toEqual({ ok: true });
  });

  it('has no body (null) on a 204, like fetch', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const res = await makeTransport()({ method: 'GET', url: `${server.url}/none`, headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.204', attempt: 1 });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it('decodes a gzip response when the caller asked for gzip (accept-encoding header), as fetch does', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"zipped":true}'));
    });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), headers: { 'accept-encoding': 'gzip' }, retry: false });
    expect(await request(client, { method: 'GET', path: '/gz', operation: 'test.gzip' })).toEqual({ zipped: true });
  });
});
