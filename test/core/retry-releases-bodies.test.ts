/**
 * An answer the retry policy repeats is not read: its body is released (cancelled) before the wait,
 * so it holds no connection or buffer through the backoff. The answer that ends the call is read.
 * Observed with a middleware (run inside the retry policy, per attempt) that wraps each body.
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError, createClient, request, type Middleware, type WireResponse } from '../../src/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

/** Wraps every attempt's body; records which attempts' bodies were cancelled and which were read to the end. */
function bodyWatch(): { mw: Middleware; cancelled: number[]; read: number[] } {
  const cancelled: number[] = [];
  const read: number[] = [];
  const mw: Middleware = (next) => async (req) => {
    const res = await next(req);
    const text = await res.text();
    const bytes = new TextEncoder().encode(text);
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) {
          read.push(req.attempt);
          controller.close();
          return;
        }
        sent = true;
        controller.enqueue(bytes);
      },
      cancel() {
        cancelled.push(req.attempt);
      },
    });
    return new Response(body, { status: res.status, headers: res.headers as Headers }) as unknown as WireResponse;
  };
  return { mw, cancelled, read };
}

describe.each(TRANSPORTS)('retried answers release their bodies over %s', (_name, makeTransport) => {
  it('two 503s then a 200: the 503 bodies are cancelled, the 200 is read', async () => {
    const server = await startServer((req, res) => (req.index < 2 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true })));
    const watch = bodyWatch();
    const client = createClient({
      baseURL: server.url,
      apiKey: API_KEY,
      transport: makeTransport(),
      retry: { initialDelayMs: 1, jitter: 0 },
      middleware: [watch.mw],
    });
    expect(await request(client, { method: 'GET', path: '/r', operation: 'test.get' })).toEqual({ ok: true });
    expect(watch.cancelled).toEqual([1, 2]);
    expect(watch.read).toEqual([3]);
  });

  it('the last 503, which ends the call, is read for its error body, not cancelled', async () => {
    const server = await startServer((_req, res) => json(res, 503, { error: 'busy' }));
    const watch = bodyWatch();
    const client = createClient({
      baseURL: server.url,
      apiKey: API_KEY,
      transport: makeTransport(),
      retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0 },
      middleware: [watch.mw],
    });
    const err = (await rejectionOf(request(client, { method: 'GET', path: '/r', operation: 'test.get' }))) as InternalServerError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.body).toEqual({ error: 'busy' });
    expect(watch.cancelled).toEqual([1]);
    expect(watch.read).toEqual([2]);
  });
});
