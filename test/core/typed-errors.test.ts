/**
 * Every failure a user can hit is a ModelwireError with a stable code (docs/core.md "Errors"):
 * odd server answers and odd transports/fetches must not let a bare RangeError/TypeError escape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIError, ConnectionError, createClient, fetchTransport, InternalServerError, InvalidRequestError, isModelwireError, request, type ClientOptions } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let text = '';
beforeEach(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(text);
  });
});
afterEach(() => server.close());

const get = { method: 'GET' as const, path: '/x', operation: 'audit.get' };
const deep = (n: number): string => '{"error":'.repeat(n) + '"x"' + '}'.repeat(n);

describe('error bodies', () => {
  it('a 500 whose JSON body nests "error" 20 000 deep is an InternalServerError, not a RangeError', async () => {
    text = deep(20_000);
    const err = await request(createClient({ baseURL: server.url, retry: false }), get).catch((e: unknown) => e);
    expect(isModelwireError(err), String(err)).toBe(true);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as APIError).status).toBe(500);
  });

  it('the same with an API key to scrub', async () => {
    text = deep(20_000);
    const err = await request(createClient({ baseURL: server.url, retry: false, apiKey: 'sk-audit-secret-1234' }), get).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
  });
});

describe('fetch and transport answers that are no response', () => {
  it('a custom fetch that resolves with null is a ConnectionError (before the fix a TypeError on .status; `{}` already was one)', async () => {
    const client = createClient({ baseURL: server.url, retry: false, transport: fetchTransport({ fetch: (async () => null) as unknown as typeof fetch }) });
    const err = await request(client, get).catch((e: unknown) => e);
    expect(isModelwireError(err), String(err)).toBe(true);
    expect(err).toBeInstanceOf(ConnectionError);
  });
});

describe('bad input of the wrong type is an InvalidRequestError naming it', () => {
  it('a body JSON cannot carry (a BigInt, a cycle)', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const body of [{ n: 1n }, cyclic]) {
      const err = await request(createClient({ baseURL: server.url }), { method: 'POST', path: '/x', body, operation: 'test.body' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('body');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a signal that is not an AbortSignal', async () => {
    const err = await request(createClient({ baseURL: server.url }), get, { signal: {} as AbortSignal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('signal');
  });

  it.each<[string, Partial<ClientOptions>]>([
    ['middleware', { middleware: {} as never }],
    ['transport', { transport: 'fetch' as never }],
    ['idempotencyHeader', { idempotencyHeader: 5 as never }],
    ['authHeader.name', { apiKey: 'k', authHeader: { name: 5 as never } }],
  ])('createClient option %s of the wrong type', (path, options) => {
    expect(() => createClient({ baseURL: server.url, ...options })).toThrow(InvalidRequestError);
    try {
      createClient({ baseURL: server.url, ...options });
    } catch (e) {
      expect((e as InvalidRequestError).path).toBe(path);
    }
  });
});
