/**
 * `keepAliveTimeoutMs` bounds how long an idle connection is kept, even when the server's
 * `Keep-Alive: timeout=` hint is longer: undici takes the hint (minus 2 s) up to its own
 * `keepAliveMaxTimeout` (600 s by default), so without that bound a server hinting 300 s kept each
 * idle socket open for 298 s whatever the option said. Counted on the server side.
 */
import { describe, expect, it } from 'vitest';
import { createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest, type TestServer } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

/** Resolves once the server has no connection open; rejects after `limitMs` (far beyond the option's bound, far below the hint's). */
async function allClosed(server: TestServer, limitMs: number): Promise<void> {
  for (const until = Date.now() + limitMs; server.openConnections() > 0; ) {
    if (Date.now() > until) throw new Error(`${server.openConnections()} idle connection(s) still open after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('undiciTransport keepAliveTimeoutMs', () => {
  it('closes an idle connection after keepAliveTimeoutMs though the server hints a longer Keep-Alive timeout', async () => {
    // node:http sends `Keep-Alive: timeout=300` for a 300 s keep-alive timeout, and itself keeps the socket that long
    const server = await startServer((_req, res) => json(res, 200, { ok: true }), { keepAliveTimeoutMs: 300_000 });
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ keepAliveTimeoutMs: 50 }) });
    expect(await request(client, { method: 'GET', path: '/k', operation: 'test.keepalive' })).toEqual({ ok: true });
    expect(server.openConnections()).toBe(1);
    await allClosed(server, 5_000);
    expect(server.connectionCount()).toBe(1);
  });

  it('closes an idle connection by default within undici\'s 4 s when the server gives no Keep-Alive hint', async () => {
    // uvicorn (vLLM, MLServer, KServe's Python server) closes an idle connection after 5 s and sends no
    // `Keep-Alive` header: a client that keeps it longer can write its next POST onto a socket the server
    // is closing. keepAliveTimeout 0 makes node:http send no hint and never close, so only the client closes.
    const server = await startServer((_req, res) => json(res, 200, { ok: true }), { keepAliveTimeoutMs: 0 });
    const client = createClient({ baseURL: server.url, transport: undiciTransport() });
    expect(await request(client, { method: 'GET', path: '/k', operation: 'test.keepalive' })).toEqual({ ok: true });
    expect(server.openConnections()).toBe(1);
    await allClosed(server, 20_000);
    expect(server.connectionCount()).toBe(1);
  }, 30_000);
});
