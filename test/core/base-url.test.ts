/**
 * baseURL forms (src/core/client.ts createClient, buildUrl). ClientOptions.baseURL: "Root of every
 * request path"; createClient "rejects nonsensical settings up front". A baseURL with a query or a
 * fragment (an Azure-style `?api-version=…`) is accepted today and each path is glued after the
 * query, so the request goes to the base path itself with a mangled query (or, after a `#`, the
 * path is dropped by the URL parser): the call reaches another endpoint than the one asked for.
 * Either refusing such a baseURL in createClient or putting the path before the query is correct.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

/** The path the server saw for `GET /models`, or 'refused' when createClient refused the baseURL. */
async function pathSeen(base: (url: string) => string): Promise<{ path: string; query?: string } | 'refused'> {
  server = await startTestServer((req, res) => json(res, 200, { ok: true }));
  let client;
  try {
    client = createClient({ baseURL: base(server.url) });
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return 'refused';
  }
  await request(client, { method: 'GET', path: '/models', operation: 'audit9.base' });
  const r = server.requests[0]!;
  return { path: r.path, query: r.query.toString() };
}

describe('a baseURL with a query or a fragment', () => {
  it('with ?api-version=1: GET /models reaches /v1/models (or the baseURL is refused), never /v1', async () => {
    const seen = await pathSeen((url) => `${url}/v1?api-version=1`);
    if (seen !== 'refused') expect(seen).toEqual({ path: '/v1/models', query: 'api-version=1' });
  });

  it('with #frag: GET /models reaches /v1/models (or the baseURL is refused), never /v1', async () => {
    const seen = await pathSeen((url) => `${url}/v1#frag`);
    if (seen !== 'refused') expect(seen).toMatchObject({ path: '/v1/models' });
  });
});
