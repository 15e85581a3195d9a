/**
 * The safety rule (docs/core.md) over `fetchTransport` on a connection that fails once the request
 * went out. ENETUNREACH and EHOSTUNREACH prove "never sent" only when they end the attempt to
 * connect (`connect EHOSTUNREACH …`, syscall `connect`); Linux also reports them on an established
 * socket whose peer became unreachable after the request was written. fetchTransport read the code
 * alone as "failed before sending", so a POST the server had received was repeated (the undici
 * transport had the same fault: test/undici/unreachable-after-send.test.ts). The fault is injected
 * on a real loopback connection of undici's fetch, through a dispatcher that hands out its sockets.
 */
import net from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, fetchTransport, request } from '../../src/index.js';
import { failedBeforeSending } from '../../src/core/transport-fetch.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

describe('fetchTransport: a connection that fails after the request went out', () => {
  it.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s on the socket of a sent POST: may have reached the server, never repeated', async (code) => {
    const server = await startServer((_req, res) => {
      if (server.count() > 1) json(res, 200, { repeated: true }); // a repeat would succeed; the first is held
    });
    const sockets: net.Socket[] = [];
    const dispatcher = new Agent({
      connect: (opts, callback) => {
        const socket = net.connect({ host: opts.hostname, port: Number(opts.port) });
        sockets.push(socket);
        socket.once('connect', () => callback(null, socket)).once('error', (err) => callback(err, null));
      },
    });
    const fetch = ((url: string, init: RequestInit) => undiciFetch(url, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof globalThis.fetch;
    const client = createClient({ baseURL: server.url, transport: fetchTransport({ fetch }), retry: { maxRetries: 2, initialDelayMs: 1 } });
    const call = rejectionOf(request(client, { method: 'POST', path: '/v1/predictions', body: { input: 1 }, operation: 'test.create' }));
    await server.waitForRequests(1);
    sockets[0]!.destroy(Object.assign(new Error(`read ${code}`), { code, syscall: 'read' }));
    const err = await call;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ requestMayHaveReachedServer: true });
    expect(server.count()).toBe(1);
    await dispatcher.close();
  });

  it('the same codes from the attempt to connect still prove the request was never sent', () => {
    for (const code of ['EHOSTUNREACH', 'ENETUNREACH']) {
      expect(failedBeforeSending(Object.assign(new Error(`connect ${code} 10.0.0.1:80`), { code, syscall: 'connect' }))).toBe(true);
      expect(failedBeforeSending(new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:80`), { code, syscall: 'connect' }) }))).toBe(true);
      expect(failedBeforeSending(Object.assign(new Error(`read ${code}`), { code, syscall: 'read' }))).toBe(false);
      expect(failedBeforeSending(Object.assign(new Error('socket failed'), { code }))).toBe(false);
    }
    expect(failedBeforeSending(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
  });
});
