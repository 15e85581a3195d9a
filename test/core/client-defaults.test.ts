/**
 * What createClient resolves (docs/core.md option table): timeoutMs 60 000, validation 'strict',
 * the idempotency header in lower case, and `accept: application/json` on every request unless the
 * call or the client's headers say otherwise.
 */
import { expect, it } from 'vitest';
import { createClient, request, type Transport } from '../../src/index.js';

function recording() {
  const sent: Record<string, string>[] = [];
  const transport: Transport = async (req) => {
    sent.push({ ...req.headers });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { transport, sent };
}

it('resolves the documented defaults', () => {
  const client = createClient({ baseURL: 'http://127.0.0.1:1' });
  expect(client.timeoutMs).toBe(60_000);
  expect(client.validation).toBe('strict');
  expect(client.idempotencyHeader).toBeUndefined();
  expect(createClient({ baseURL: 'http://127.0.0.1:1', idempotencyHeader: 'Idempotency-Key' }).idempotencyHeader).toBe('idempotency-key');
  expect(createClient({ baseURL: 'http://127.0.0.1:1', timeoutMs: Infinity, validation: 'off' })).toMatchObject({ timeoutMs: Infinity, validation: 'off' });
});

it('an idempotency key goes out under the configured header, in lower case', async () => {
  const { transport, sent } = recording();
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, idempotencyHeader: 'Idempotency-Key' });
  await request(client, { method: 'POST', path: '/jobs', body: {}, operation: 'test.idem' }, { idempotencyKey: 'order-42' });
  expect(sent[0]!['idempotency-key']).toBe('order-42');
  expect(sent[0]!['content-type']).toBe('application/json');
});

it('sends accept: application/json unless the spec or the client headers set another', async () => {
  const { transport, sent } = recording();
  await request(createClient({ baseURL: 'http://127.0.0.1:1', transport }), { method: 'GET', path: '/a', operation: 'test.accept' });
  await request(createClient({ baseURL: 'http://127.0.0.1:1', transport }), { method: 'GET', path: '/a', operation: 'test.accept', accept: 'text/event-stream', responseType: 'none' });
  await request(createClient({ baseURL: 'http://127.0.0.1:1', transport, headers: { Accept: 'application/x-ndjson' } }), { method: 'GET', path: '/a', operation: 'test.accept', responseType: 'none' });
  expect(sent.map((h) => h.accept)).toEqual(['application/json', 'text/event-stream', 'application/x-ndjson']);
});
