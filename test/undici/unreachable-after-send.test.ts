/**
 * The safety rule (docs/core.md) on a connection that fails once the request went out. The codes
 * that mean "never sent" when a connection is being opened (ENETUNREACH, EHOSTUNREACH, …) also end
 * an established connection: Linux reports EHOSTUNREACH on a socket whose peer became unreachable
 * after the request was written (retransmissions unanswered, an ICMP error). The undici transport
 * called that "failed before sending" whatever the phase, so a POST the server had received was
 * repeated. Here the socket the request went out on fails with that error (the fault a kernel
 * would raise, injected on a real loopback connection, through a dispatcher of the user's).
 */
import net from 'node:net';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { rejectionOf } from '../core/_support.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe('undici transport: a connection that fails after the request went out', () => {
  it.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s on the socket of a sent POST: may have reached the server, never repeated', async (code) => {
    const server = await startServer((req, res) => {
      if (server.count() > 1) json(res, 200, { repeated: true }); // a repeat would succeed
      // the first one is held: its connection fails below
    });
    const sockets: net.Socket[] = [];
    const dispatcher = new Agent({
      connect: (opts, callback) => {
        const socket = net.connect({ host: opts.hostname, port: Number(opts.port) });
        sockets.push(socket);
        socket.once('connect', () => callback(null, socket)).once('error', (err) => callback(err, null));
      },
    });
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ dispatcher }), retry: { maxRetries: 2, initialDelayMs: 1 } });
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
