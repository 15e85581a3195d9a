/**
 * createClient's up-front checks (client.ts createClient/checkClientOptions, docs/core.md option
 * table): a missing options object or a baseURL that is not a string is refused with an
 * InvalidRequestError whose path is `baseURL` (not a bare "cannot read properties" TypeError); the scheme must start the baseURL;
 * an `authHeader` without a `prefix` sends the key bare; an option refused by checkClientOptions
 * is named in the message as well as in `path`.
 */
import { expect, it } from 'vitest';
import { InvalidRequestError, createClient, request, type ClientOptions, type Transport, type WireRequest } from '../../src/index.js';

function refusal(options: unknown): unknown {
  try {
    createClient(options as ClientOptions);
  } catch (err) {
    return err;
  }
  throw new Error('expected createClient to refuse');
}

it('no options at all is refused as a missing baseURL (a refusal, not a "cannot read properties" TypeError)', () => {
  for (const options of [undefined, null]) {
    const err = refusal(options);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('baseURL');
    expect((err as Error).message).toMatch(/baseURL must/);
  }
});

it('a baseURL that is not a string is refused naming baseURL, even a URL object whose text is valid', () => {
  for (const baseURL of [new URL('http://127.0.0.1:1/v1'), 8000, undefined]) {
    const err = refusal({ baseURL });
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('baseURL');
    expect((err as Error).message).toMatch(/baseURL must/);
  }
});

it('the scheme must come first: text before http(s):// is refused', () => {
  for (const baseURL of [' http://127.0.0.1:1', 'xhttp://127.0.0.1:1', 'proxy/https://api.example.test']) {
    expect(refusal({ baseURL })).toBeInstanceOf(InvalidRequestError);
  }
});

it('an option refused by createClient is named in the message too, not only in path', () => {
  const err = refusal({ baseURL: 'http://127.0.0.1:1', idempotencyHeader: 42 }) as InvalidRequestError;
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(err.path).toBe('idempotencyHeader');
  expect(err.message).toMatch(/idempotencyHeader/);
});

it('an authHeader without a prefix sends the key as it is', async () => {
  const seen: Record<string, string>[] = [];
  const transport: Transport = async (req: WireRequest) => {
    seen.push({ ...req.headers });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = createClient({ baseURL: 'http://127.0.0.1:1', apiKey: 'sk-bare-1', authHeader: { name: 'X-Api-Key' }, transport, retry: false });
  await request(client, { method: 'GET', path: '/m', operation: 'test.auth' });
  expect(seen[0]!['x-api-key']).toBe('sk-bare-1');
  expect(seen[0]!.authorization).toBeUndefined();
});
