/**
 * Which calls the retry policy may repeat (client.ts isIdempotent, docs/core.md "Retries and the
 * safety rule"): GET, HEAD, PUT, DELETE, OPTIONS and QUERY are idempotent; POST and PATCH are not,
 * unless the operation is declared idempotent or the call carries an idempotency key. Counted with
 * a transport that answers 503 and records each attempt.
 */
import { describe, expect, it } from 'vitest';
import { createClient, request, type HttpMethod, type Transport } from '../../src/index.js';
import { isIdempotent } from '../../src/core/client.js';

function attemptsOf(method: HttpMethod, spec: { idempotent?: boolean } = {}, idempotencyKey?: string): Promise<number> {
  let attempts = 0;
  const transport: Transport = async () => {
    attempts++;
    return new Response('{"error":"busy"}', { status: 503, headers: { 'content-type': 'application/json' } });
  };
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, idempotencyHeader: 'Idempotency-Key', retry: { maxRetries: 1, initialDelayMs: 0, jitter: 0 } });
  return request(client, { method, path: '/x', operation: 'test.method', responseType: 'none', ...spec }, idempotencyKey ? { idempotencyKey } : undefined).then(
    () => Promise.reject(new Error('expected a 503 error')),
    () => attempts,
  );
}

describe('a 503 is retried only when the call is safe to repeat', () => {
  it.each<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'QUERY'])('%s is retried', async (method) => {
    expect(await attemptsOf(method)).toBe(2);
    expect(isIdempotent({ method }, undefined)).toBe(true);
  });

  it.each<HttpMethod>(['POST', 'PATCH'])('%s is not', async (method) => {
    expect(await attemptsOf(method)).toBe(1);
    expect(isIdempotent({ method }, undefined)).toBe(false);
  });

  it('a POST declared idempotent, or sent with an idempotency key, is retried', async () => {
    expect(await attemptsOf('POST', { idempotent: true })).toBe(2);
    expect(await attemptsOf('POST', {}, 'order-1')).toBe(2);
    expect(await attemptsOf('POST', { idempotent: false })).toBe(1);
    expect(isIdempotent({ method: 'POST', idempotent: true }, undefined)).toBe(true);
    expect(isIdempotent({ method: 'POST' }, { idempotencyKey: 'order-1' })).toBe(true);
    expect(isIdempotent({ method: 'POST', idempotent: false }, {})).toBe(false);
  });
});
