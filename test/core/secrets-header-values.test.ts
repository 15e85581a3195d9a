/**
 * A credential header given a non-string value (a number) is sent as its text and scrubbed; it
 * does not make createClient or a call throw.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, request } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
afterEach(() => server?.close());

it('a numeric credential header in the client options is still sent (no TypeError from createClient)', async () => {
  server = await startTestServer((req, res) => json(res, 200, { got: req.headers['x-api-key'] }));
  const client = createClient({ baseURL: server.url, headers: { 'x-api-key': 12345678 as unknown as string } });
  const out = await request<{ got: string }>(client, { method: 'GET', path: '/x', operation: 'review.get' });
  expect(out.got).toBe('12345678');
});

it('a numeric credential header passed with the call is still sent (no TypeError from send)', async () => {
  server = await startTestServer((req, res) => json(res, 200, { got: req.headers['x-api-key'] }));
  const client = createClient({ baseURL: server.url });
  const out = await request<{ got: string }>(client, { method: 'GET', path: '/x', operation: 'review.get' }, { headers: { 'x-api-key': 12345678 as unknown as string } });
  expect(out.got).toBe('12345678');
});
