/**
 * A `dispatcher` of the user's that was closed or destroyed (a graceful shutdown that closed it
 * while calls were still made): undici fails every request on it with UND_ERR_DESTROYED (or
 * UND_ERR_CLOSED while closing), before sending anything. That was a ConnectionError said to have
 * possibly reached the server, so a GET was retried against a dispatcher that can never send, and
 * the error read like a network failure. It is an InvalidRequestError naming the `dispatcher`, not
 * sent and not retried; a request that was on the wire when the dispatcher was destroyed stays a
 * ConnectionError that may have reached the server.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidRequestError, createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { rejectionAs, rejectionOf } from '../core/_support.js';
import { delay, json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe('undiciTransport with a dispatcher of yours that was closed or destroyed', () => {
  for (const end of ['close', 'destroy'] as const) {
    it(`after ${end}(): InvalidRequestError at path "dispatcher", nothing sent, no retry`, async () => {
      const server = await startServer((_req, res) => json(res, 200, { ok: true }));
      const agent = new Agent();
      await agent[end]();
      const retries: number[] = [];
      const client = createClient({
        baseURL: server.url,
        transport: undiciTransport({ dispatcher: agent }),
        retry: { initialDelayMs: 1, maxDelayMs: 1 },
        onRetry: (e) => retries.push(e.attempt),
      });
      const err = await rejectionAs(request(client, { method: 'GET', path: '/x', operation: 'test.closed' }), InvalidRequestError);
      expect(err).toMatchObject({ operation: 'test.closed', path: 'dispatcher' });
      expect(err.message).toMatch(/^test\.closed: GET http:\/\/127\.0\.0\.1:\d+\/x not sent: the dispatcher is closed or destroyed \(UND_ERR_(DESTROYED|CLOSED)\)$/);
      expect((err.cause as { code?: string }).code).toMatch(/^UND_ERR_(DESTROYED|CLOSED)$/);
      expect(retries).toEqual([]);
      expect(server.count()).toBe(0);
    });
  }

  it('destroyed while one request is on the wire and one waits for the connection: the first may have reached the server, the second was not sent', async () => {
    const server = await startServer(async (_req, res) => {
      await delay(2_000);
      json(res, 200, { ok: true });
    });
    const agent = new Agent({ connections: 1 });
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ dispatcher: agent }), retry: false });
    const sent = rejectionOf(request(client, { method: 'POST', path: '/a', operation: 'test.destroyed', body: {} }));
    const queued = rejectionOf(request(client, { method: 'POST', path: '/b', operation: 'test.destroyed', body: {} }));
    for (let i = 0; i < 200 && server.count() === 0; i++) await delay(10);
    expect(server.count()).toBe(1);
    void agent.destroy();
    const first = await sent;
    expect(first).toBeInstanceOf(ConnectionError);
    expect(first).toMatchObject({ requestMayHaveReachedServer: true });
    const second = await queued;
    expect(second).toBeInstanceOf(InvalidRequestError);
    expect(second).toMatchObject({ operation: 'test.destroyed', path: 'dispatcher' });
    expect(server.requests.map((r) => r.path)).toEqual(['/a']);
  });
});
