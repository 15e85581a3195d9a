/**
 * `WireRequest.signal` as middleware and transports see it (client.ts buildRequest): the call's
 * AbortSignal, made on first read, an own enumerable property, so a middleware that spreads the
 * request (`next({ ...req, headers })`, as docs/core.md shows) hands the transport the same signal.
 */
import { expect, it } from 'vitest';
import { createClient, request, type Middleware, type Transport, type WireRequest } from '../../src/index.js';

const WIRE_KEYS = ['method', 'url', 'headers', 'body', 'signal', 'onAbort', 'timeoutMs', 'idempotent', 'operation', 'attempt', 'refusedBeforeWork', 'timedHeaders', 'bufferBody'];

/** A transport that records what it was given and waits until the request's signal aborts. */
function hangingTransport(seen: WireRequest[]): Transport {
  return (req) => {
    seen.push(req);
    return new Promise((_, reject) => req.signal!.addEventListener('abort', () => reject(req.signal!.reason), { once: true }));
  };
}

it('a middleware that spreads the request hands the transport the call signal, which the caller aborts', async () => {
  const seen: WireRequest[] = [];
  const inMiddleware: AbortSignal[] = [];
  const tag: Middleware = (next) => (req) => {
    inMiddleware.push(req.signal!);
    return next({ ...req, headers: { ...req.headers, 'x-team': 'search' } });
  };
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: hangingTransport(seen), middleware: [tag], retry: false });
  const controller = new AbortController();
  const call = request(client, { method: 'GET', path: '/slow', operation: 'test.slow' }, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(seen).toHaveLength(1);
  expect(seen[0]!.headers['x-team']).toBe('search');
  expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
  expect(seen[0]!.signal).toBe(inMiddleware[0]);
  expect(seen[0]!.signal!.aborted).toBe(false);
  controller.abort();
  await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  expect(seen[0]!.signal!.aborted).toBe(true);
});

it('the signal follows the call deadline, and reading it twice gives one signal', async () => {
  const seen: WireRequest[] = [];
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: hangingTransport(seen), retry: false, timeoutMs: 20 });
  await expect(request(client, { method: 'GET', path: '/slow', operation: 'test.slow' })).rejects.toMatchObject({ name: 'TimeoutError' });
  expect(seen[0]!.signal).toBe(seen[0]!.signal);
  expect(seen[0]!.signal!.aborted).toBe(true);
});

it('the request shows its documented fields only: signal among them, no call internals', async () => {
  const seen: WireRequest[] = [];
  const transport: Transport = async (req) => {
    seen.push(req);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false });
  await request(client, { method: 'GET', path: '/ok', operation: 'test.ok' });
  const req = seen[0]!;
  expect(Object.keys(req).sort()).toEqual([...WIRE_KEYS].sort());
  // as a getter written in the object would be: a middleware may still redefine or delete it
  expect(Object.getOwnPropertyDescriptor(req, 'signal')).toMatchObject({ enumerable: true, configurable: true });
  // the call it carries for the signal is out of sight: a key of its own would put the call's
  // deadline and state into every logged or serialised request
  expect(JSON.stringify(req)).not.toContain('deadlineAt');
  const copy = { ...req };
  expect(copy.signal).toBe(req.signal);
});
