/**
 * A runtime's fetch may quote the request's URL in the error it fails with: Deno's does, in the
 * cause (`error sending request for url (http://host/v1?key=…): client error (Connect): …`). The
 * ConnectionError quoted that text whole, so a credential in the query (`?key=`), which the SDK
 * hides from every URL it shows itself, was in its message, and in its cause. The URL is shown
 * without its query values and user info, as the SDK shows it (safeUrl), and such an error is not
 * kept as the cause. Bun's fetch keeps the URL on its error as `path`: the error of a request with a
 * credential in its query is not kept either. The first test is the real thing under Deno and Bun
 * (the runtime matrix); under Node, whose fetch never quotes the URL, the others give
 * fetchTransport errors of Deno's and Bun's shapes.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, fetchTransport, request } from '../../src/index.js';
import { leaksOf, rejectionOf } from './_leak.js';

const KEY = 'AIzaConn-9f8e7d6c5b4a';

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The error Deno's fetch fails with when the connection is refused. */
const denoFetch: typeof fetch = (input) =>
  Promise.reject(new TypeError('fetch failed', { cause: new Error(`error sending request for url (${String(input)}): client error (Connect): tcp connect error: Connection refused (os error 111)`) }));

describe('a ConnectionError whose runtime quoted the URL', () => {
  it("the runtime's fetch: the query's credential is in no text of the error", async () => {
    const client = createClient({ baseURL: `http://127.0.0.1:${await closedPort()}`, retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/v1/models', query: { key: KEY }, operation: 'conn.list' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(leaksOf(err, KEY)).toEqual([]);
  });

  it('an error of Deno\'s shape: the URL is quoted without its query values, and the error is not kept as the cause', async () => {
    const client = createClient({ baseURL: 'http://127.0.0.1:9', transport: fetchTransport({ fetch: denoFetch }), retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/v1/models', query: { key: KEY, limit: 5 }, operation: 'conn.list' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).message).toBe(
      'conn.list: GET http://127.0.0.1:9/v1/models?key=…&limit=… failed: error sending request for url (http://127.0.0.1:9/v1/models?key=…&limit=…): client error (Connect): tcp connect error: Connection refused (os error 111)',
    );
    // still read from the error: refused, so never sent
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
    expect((err as ConnectionError).cause).toBeUndefined();
    expect(leaksOf(err, KEY)).toEqual([]);
  });

  it("an error of Bun's shape, which keeps the URL as its path: not kept as the cause of a request with a credential in its query", async () => {
    const bunFetch: typeof fetch = (input) => Promise.reject(Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), { code: 'ECONNREFUSED', path: String(input), errno: 0 }));
    const client = createClient({ baseURL: 'http://127.0.0.1:9', transport: fetchTransport({ fetch: bunFetch }), retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/v1/models', query: { api_key: KEY }, operation: 'conn.list' }));
    expect((err as ConnectionError).message).toBe('conn.list: GET http://127.0.0.1:9/v1/models?api_key=… failed: ECONNREFUSED: Unable to connect. Is the computer able to access the url?');
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
    expect(leaksOf(err, KEY)).toEqual([]);
    // a query without a credential: the error is kept
    const kept = await rejectionOf(request(client, { method: 'GET', path: '/v1/models', query: { limit: 5 }, operation: 'conn.list' }));
    expect((kept as ConnectionError).cause).toBeInstanceOf(TypeError);
  });

  it('an error that quotes no query or user info is kept as the cause', async () => {
    const client = createClient({ baseURL: 'http://127.0.0.1:9', transport: fetchTransport({ fetch: denoFetch }), retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/v1/models', operation: 'conn.list' }));
    expect((err as ConnectionError).message).toContain('(http://127.0.0.1:9/v1/models): client error');
    expect((err as ConnectionError).cause).toBeInstanceOf(TypeError);
  });
});
