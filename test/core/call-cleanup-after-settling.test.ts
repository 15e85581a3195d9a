/**
 * A call leaves nothing behind once it settles (client.ts request/requestParsed, `finally`
 * ctx.dispose()): no listener on the caller's signal (one long-lived signal shared by many calls
 * would collect one per call) and no pending deadline timer (which would keep a process alive for
 * the whole timeoutMs after the call returned). Checked for a result, an APIError and a spec with
 * `parse`.
 */
import { getEventListeners } from 'node:events';
import { afterEach, expect, it, vi } from 'vitest';
import { createClient, request, type Transport } from '../../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

const transport: Transport = async (req) =>
  req.url.endsWith('/fail')
    ? new Response('{"error":"no"}', { status: 400, headers: { 'content-type': 'application/json' } })
    : new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });

const calls = {
  result: (c: ReturnType<typeof createClient>, signal?: AbortSignal) => request(c, { method: 'GET', path: '/ok', operation: 'test.ok' }, { signal }),
  'API error': (c: ReturnType<typeof createClient>, signal?: AbortSignal) => request(c, { method: 'GET', path: '/fail', operation: 'test.fail' }, { signal }).catch(() => undefined),
  parse: (c: ReturnType<typeof createClient>, signal?: AbortSignal) =>
    request(c, { method: 'GET', path: '/ok', operation: 'test.parse', parse: async (res) => res.text() }, { signal }),
};

it.each(Object.keys(calls))('a settled call (%s) leaves no listener on the caller signal', async (kind) => {
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false });
  const controller = new AbortController();
  for (let i = 0; i < 3; i++) await calls[kind as keyof typeof calls](client, controller.signal);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

it.each(Object.keys(calls))('a settled call (%s) leaves no deadline timer pending', async (kind) => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false, timeoutMs: 60_000 });
  await calls[kind as keyof typeof calls](client);
  expect(vi.getTimerCount()).toBe(0);
});
