/**
 * The safety rule (docs/core.md) on a connection that fails once the request went out, over both
 * transports. ENETUNREACH and EHOSTUNREACH prove "never sent" only when they end the attempt to
 * connect; Linux also reports them on an established socket whose peer became unreachable after
 * the request was written (retransmissions unanswered, an ICMP error). Both transports read the
 * code alone as "failed before sending", so a POST the server had received was repeated. The fault
 * a kernel would raise is injected on a real loopback connection, through a dispatcher that hands
 * out its sockets (for fetch: undici's fetch with that dispatcher). The attempt-to-connect side is
 * in test/core/fetch-transport-failure-mapping.test.ts and errors.test.ts.
 */
import net from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, fetchTransport, request, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_support.js';

const startServer = startTestServerPerTest();

const viaFetch = (dispatcher: Agent): Transport =>
  fetchTransport({ fetch: ((url: string, init: RequestInit) => undiciFetch(url, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof globalThis.fetch });
const viaUndici = (dispatcher: Agent): Transport => undiciTransport({ dispatcher });

describe.each([
  ['fetch', viaFetch],
  ['undici', viaUndici],
])('a connection that fails after the request went out, over %s', (_name, transportOver) => {
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
    const client = createClient({ baseURL: server.url, transport: transportOver(dispatcher), retry: { maxRetries: 2, initialDelayMs: 1 } });
    const call = rejectionOf(request(client, { method: 'POST', path: '/v1/predictions', body: { input: 1 }, operation: 'test.create' }));
    await server.waitForRequests(1);
    sockets[0]!.destroy(Object.assign(new Error(`read ${code}`), { code, syscall: 'read' }));
    const err = await call;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ requestMayHaveReachedServer: true });
    expect(server.count()).toBe(1);
    await dispatcher.close();
  });
});
