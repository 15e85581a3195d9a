/**
 * headersMiddleware and compose (middleware.ts, public): headers are added under lower-case names
 * only when the request does not set them, an empty set passes requests through unchanged, and the
 * first middleware of compose is the outermost.
 */
import { expect, it } from 'vitest';
import { compose, headersMiddleware, type Handler, type Middleware, type WireRequest, type WireResponse } from '../../src/index.js';

const ok = new Response(null, { status: 204 }) as unknown as WireResponse;
const request = (headers: Record<string, string>): WireRequest => ({
  method: 'GET',
  url: 'http://127.0.0.1:1/x',
  headers,
  signal: new AbortController().signal,
  idempotent: true,
  operation: 'test.headers',
  attempt: 1,
});

it('adds missing headers under lower-case names and keeps those the request sets', async () => {
  const seen: Record<string, string>[] = [];
  const handler = compose([headersMiddleware({ 'X-Team': 'search', Accept: 'application/json' })], async (req) => (seen.push({ ...req.headers }), ok));
  await handler(request({ accept: 'text/plain' }));
  expect(seen).toEqual([{ accept: 'text/plain', 'x-team': 'search' }]);
});

it('an empty set of headers passes the request on unchanged', async () => {
  const seen: WireRequest[] = [];
  const inner: Handler = async (req) => (seen.push(req), ok);
  const req = request({ 'x-a': '1' });
  expect(await compose([headersMiddleware({})], inner)(req)).toBe(ok);
  expect(seen).toEqual([req]);
  expect(req.headers).toEqual({ 'x-a': '1' });
});

it('compose runs the first middleware outermost', async () => {
  const order: string[] = [];
  const mark =
    (name: string): Middleware =>
    (next) =>
    async (req) => {
      order.push(`${name}>`);
      const res = await next(req);
      order.push(`<${name}`);
      return res;
    };
  await compose([mark('a'), mark('b')], async () => (order.push('handler'), ok))(request({}));
  expect(order).toEqual(['a>', 'b>', 'handler', '<b', '<a']);
});
