/**
 * Which header names are credentials: an `Idempotency-Key` is not (it stays visible in logged
 * headers and in errors); any other name with auth, key, token, secret, password or cookie is.
 */
import { afterEach, expect, it } from 'vitest';
import { APIError, createClient, redactHeaders, request } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from './_leak.js';

const IDEM = 'idem-2024-06-01-order-4711';
let server: TestServer;
afterEach(() => server?.close());

it('redactHeaders keeps an Idempotency-Key (not a credential)', () => {
  expect(redactHeaders({ 'idempotency-key': IDEM, authorization: 'Bearer sk-1' })).toEqual({ 'idempotency-key': IDEM, authorization: '[redacted]' });
});

it('a 409 that names the idempotency key passed as a header keeps it in the message', async () => {
  server = await startTestServer((req, res) => json(res, 409, { error: `idempotency key ${String(req.headers['idempotency-key'])} was used with other parameters` }));
  const client = createClient({ baseURL: server.url, apiKey: 'sk-review-0123456789', retry: false });
  const err = await rejectionOf(request(client, { method: 'POST', path: '/jobs', body: {}, operation: 'review.create' }, { headers: { 'Idempotency-Key': IDEM } }));
  expect(err).toBeInstanceOf(APIError);
  expect((err as APIError).message).toContain(IDEM);
});
