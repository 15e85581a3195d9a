/**
 * How the call's credentials are scrubbed from what a server sends back (redact.ts scrub,
 * scrubValue, headerSecrets; docs/core.md Errors): by value from 4 characters on (shorter keys are
 * not scrubbed: too many false matches), a credential header's value with and without its scheme,
 * and in a JSON body every string and property name, leaving its shape (arrays, numbers, booleans,
 * null) as the server sent it.
 */
import { describe, expect, it } from 'vitest';
import { APIError, createClient, request, type ClientOptions, type Transport } from '../../src/index.js';

/** The error of a GET answered 400 with `body(authorization header sent)` as JSON. */
async function errorFor(options: Partial<ClientOptions>, body: (sent: Record<string, string>) => unknown): Promise<APIError> {
  const transport: Transport = async (req) => new Response(JSON.stringify(body(req.headers)), { status: 400, headers: { 'content-type': 'application/json' } });
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false, ...options });
  const err = await request(client, { method: 'GET', path: '/x', operation: 'test.scrub' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(APIError);
  return err as APIError;
}

describe('scrubbing by value', () => {
  it('a key of 4 characters is scrubbed; one of 3 is not', async () => {
    const four = await errorFor({ apiKey: 'Zq9w' }, () => ({ error: 'bad key Zq9w' }));
    expect(four.message).toContain('bad key [redacted]');
    expect(four.body).toEqual({ error: 'bad key [redacted]' });
    const three = await errorFor({ apiKey: 'Zq9' }, () => ({ error: 'bad key Zq9' }));
    expect(three.message).toContain('bad key Zq9');
  });

  it('a credential header of the headers option is scrubbed with and without its scheme', async () => {
    const err = await errorFor({ headers: { Authorization: 'Token tk-5f0c2a7e91' } }, (sent) => ({
      error: `token ${String(sent.authorization).split(' ')[1]} expired`,
      header: sent.authorization,
    }));
    expect(err.body).toEqual({ error: 'token [redacted] expired', header: '[redacted]' });
    expect(err.message).toContain('token [redacted] expired');
  });
  it('the client key is still scrubbed when the call passes headers of its own', async () => {
    const err = await errorFor({ apiKey: 'sk-client-key-8d2f' }, () => ({ error: 'bad key sk-client-key-8d2f' }));
    expect(err.message).toContain('bad key [redacted]');
    const transport: Transport = async () => new Response('{"error":"bad key sk-client-key-8d2f"}', { status: 400, headers: { 'content-type': 'application/json' } });
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false, apiKey: 'sk-client-key-8d2f' });
    const withHeaders = (await request(client, { method: 'GET', path: '/x', operation: 'test.scrub' }, { headers: { 'x-team': 'search' } }).catch((e: unknown) => e)) as APIError;
    expect(withHeaders).toBeInstanceOf(APIError);
    expect(withHeaders.message).toContain('bad key [redacted]');
    expect(withHeaders.body).toEqual({ error: 'bad key [redacted]' });
  });
});

describe('scrubbing a JSON body', () => {
  it('keeps arrays, numbers, booleans and null, and scrubs strings at any depth and property names', async () => {
    const key = 'sk-scrub-shape-3c1b';
    const err = await errorFor({ apiKey: key }, () => ({
      error: 'rejected',
      items: [`key ${key}`, 'fine', 7, [`${key}!`]],
      n: 5,
      ok: false,
      none: null,
      nested: { [key]: { deep: key } },
    }));
    expect(err.body).toEqual({
      error: 'rejected',
      items: ['key [redacted]', 'fine', 7, ['[redacted]!']],
      n: 5,
      ok: false,
      none: null,
      nested: { '[redacted]': { deep: '[redacted]' } },
    });
    expect(Array.isArray((err.body as { items: unknown }).items)).toBe(true);
  });
});
