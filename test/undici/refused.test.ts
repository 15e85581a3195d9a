/**
 * Requests undici refuses to send (src/undici/errors.ts, src/undici/index.ts): a bad header value is
 * an InvalidRequestError tried once, and a path with a space or non-ASCII character is percent-encoded
 * as fetch does.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_support.js';

const startServer = startTestServerPerTest();

describe('undiciTransport: requests undici refuses to send', () => {
  // As with fetchTransport, an invalid header value is an InvalidRequestError ("input the SDK rejects
  // before sending", docs/core.md), attempted once (it was a ConnectionError that may have reached
  // the server, retried with backoff: 3 attempts of a request that can never be sent).
  it('an invalid header value is an InvalidRequestError, attempted once, never retried', async () => {
    const server = await startServer((req, res) => json(res, 200, {}));
    const retries: number[] = [];
    const client = createClient({
      baseURL: server.url,
      transport: undiciTransport(),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      onRetry: (e) => retries.push(e.attempt),
    });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/x', operation: 'test.badHeader' }, { headers: { 'x-trace': 'a\nb' } }));
    expect(server.count()).toBe(0);
    expect(retries).toEqual([]);
    expect(err).toBeInstanceOf(InvalidRequestError);
  });

  // fetchTransport parses the URL (WHATWG), so `/m/a b` is sent as `/m/a%20b` and `/m/é` as
  // `/m/%C3%A9`; the same spec must reach the same URL on the undici transport (a raw path was
  // refused for a space and sent as a latin1 byte for é).
  it.each([
    ['/m/a b', '/m/a%20b'],
    ['/m/é', '/m/%C3%A9'],
  ])('sends path %s percent-encoded like fetchTransport (%s)', async (path, expected) => {
    const server = await startServer((req, res) => json(res, 200, {}));
    const client = createClient({ baseURL: server.url, transport: undiciTransport(), retry: false });
    await request(client, { method: 'GET', path, operation: 'test.path' }).catch(() => undefined);
    expect(server.requests.map((r) => r.path)).toEqual([expected]);
  });
});

