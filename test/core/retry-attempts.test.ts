/**
 * The retry middleware's attempt loop: what each attempt counts, reports and waits, and how an
 * abort or the deadline ends it. Real HTTP on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ModelwireError,
  createClient,
  createRetryBudget,
  request,
  requestStream,
  type RetryEvent,
  type Middleware,
} from '../../src/index.js';
import { attemptsOf } from '../../src/core/retry.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const get = { method: 'GET', path: '/r', operation: 'test.get' } as const;
const fast = { initialDelayMs: 1, maxDelayMs: 1, jitter: 0 };

describe('retry attempts: counts, hooks, budget and aborts across the attempt loop', () => {
  for (const maxRetries of [0, 1, 2, 5]) {
    it(`always-503 with maxRetries ${maxRetries}: ${maxRetries + 1} attempts, attempts on error, onRetry events`, async () => {
      server = await startTestServer((_req, res) => json(res, 503, { e: 1 }));
      const events: RetryEvent[] = [];
      const client = createClient({ baseURL: server.url, retry: { maxRetries, ...fast }, onRetry: (e) => events.push(e) });
      const err = (await request(client, get).catch((e: unknown) => e)) as ModelwireError;
      expect(err).toBeInstanceOf(ModelwireError);
      expect(server.count('/r')).toBe(maxRetries + 1);
      expect(err.attempts).toBe(maxRetries + 1);
      expect(events.map((e) => e.attempt)).toEqual(Array.from({ length: maxRetries }, (_, i) => i + 1));
    });
  }

  it('503 then 200 with response: attemptsOf 2', async () => {
    server = await startTestServer((req, res) => (req.index === 0 ? json(res, 503, {}) : json(res, 200, { ok: 1 })));
    const client = createClient({ baseURL: server.url, retry: fast });
    const res = await request<Response>(client, { ...get, responseType: 'response' } as never);
    expect(attemptsOf(res as never)).toBe(2);
  });

  it('abort during backoff: AbortError with attempts 1, one request', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const ac = new AbortController();
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 3, initialDelayMs: 5000, jitter: 0 }, onRetry: () => setTimeout(() => ac.abort(), 20) });
    const err = (await request(client, get, { signal: ac.signal }).catch((e: unknown) => e)) as ModelwireError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.attempts).toBe(1);
    expect(server.count('/r')).toBe(1);
  });

  it('abort during 2nd backoff: attempts 2', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const ac = new AbortController();
    let n = 0;
    const client = createClient({
      baseURL: server.url,
      retry: { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5000, jitter: 0 },
      onRetry: () => {
        if (++n === 2) queueMicrotask(() => ac.abort());
      },
    });
    const err = (await request(client, get, { signal: ac.signal }).catch((e: unknown) => e)) as ModelwireError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.attempts).toBe(2);
  });

  it('remaining time passed to later attempts, attempt number', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const seen: Array<[number, number | undefined]> = [];
    const mw: Middleware = (next) => (req) => {
      seen.push([req.attempt, req.timeoutMs]);
      return next(req);
    };
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 2, initialDelayMs: 50, jitter: 0 }, middleware: [mw] });
    await request(client, get, { timeoutMs: 5000 }).catch(() => undefined);
    expect(seen.map((s) => s[0])).toEqual([1, 2, 3]);
    expect(seen[1]![1]!).toBeLessThanOrEqual(5000 - 50);
    expect(seen[2]![1]!).toBeLessThanOrEqual(5000 - 150);
  });

  it('budget: trySpend per retry, recordSuccess once', async () => {
    server = await startTestServer((req, res) => (req.index < 2 ? json(res, 503, {}) : json(res, 200, {})));
    const b = createRetryBudget();
    let spent = 0;
    let ok = 0;
    const budget = { ...b, trySpend: () => (spent++, b.trySpend()), recordSuccess: () => (ok++, b.recordSuccess()) };
    const client = createClient({ baseURL: server.url, retry: { ...fast, budget } });
    await request(client, get);
    expect([spent, ok]).toEqual([2, 1]);
  });

  it('body read failure is retried (bufferBody)', async () => {
    server = await startTestServer((_req, res) => json(res, 200, { ok: true }));
    server.faults.push({ match: '/r', fault: { kind: 'reset-mid-body', status: 200, body: '{"ok":' } });
    const client = createClient({ baseURL: server.url, retry: fast });
    expect(await request(client, get)).toEqual({ ok: true });
    expect(server.count('/r')).toBe(2);
  });

  it('non-Error thrown by middleware on the 1st attempt surfaces as it is', async () => {
    const mw: Middleware = () => () => Promise.reject('boom');
    const client = createClient({ baseURL: 'http://127.0.0.1:9', retry: fast, middleware: [mw] });
    expect(await request(client, get).catch((e: unknown) => e)).toBe('boom');
  });

  it('non-Error thrown by middleware on the 2nd attempt surfaces as it is', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    let n = 0;
    const mw: Middleware = (next) => (req) => (++n === 2 ? Promise.reject('boom') : next(req));
    const client = createClient({ baseURL: server.url, retry: fast, middleware: [mw] });
    const e = await request(client, get).catch((x: unknown) => x);
    // as on the first attempt (p-retry would turn it into its own TypeError)
    expect(e).toBe('boom');
  });

  it('onRetry throwing: its error, one attempt', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const boom = new Error('hook');
    const client = createClient({ baseURL: server.url, retry: fast, onRetry: () => { throw boom; } });
    expect(await request(client, get).catch((e: unknown) => e)).toBe(boom);
    expect(server.count('/r')).toBe(1);
  });

  it('onRetry throwing on 2nd retry', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const boom = new Error('hook');
    let n = 0;
    const client = createClient({ baseURL: server.url, retry: fast, onRetry: () => { if (++n === 2) throw boom; } });
    expect(await request(client, get).catch((e: unknown) => e)).toBe(boom);
    expect(server.count('/r')).toBe(2);
  });

  it('concurrent retried calls do not interfere', async () => {
    server = await startTestServer((req, res) => (server!.count((r) => r.path === req.path) === 3 ? json(res, 200, { p: req.path }) : json(res, 503, {})));
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 2, ...fast, budget: { trySpend: () => true, recordSuccess: () => undefined } as never } });
    const r = await Promise.all(Array.from({ length: 20 }, (_, i) => request(client, { ...get, path: `/c${i}` })));
    expect(r).toHaveLength(20);
  });
});


// errors.ts ModelwireErrorOptions.attempts: "How many attempts were made before the error surfaced."
// A status error always said; an answer the call then refused (its body not matching the schema, an
// error event in its stream) said nothing, with or without retries before it.
describe('attempts on errors about an answer the call received', () => {
  const shape = { '~standard': { version: 1, vendor: 'test', validate: (v: unknown) => ((v as { a?: unknown }).a === 1 ? { value: v } : { issues: [{ message: 'a must be 1', path: ['a'] }] }) } } as const;
  /** Answers 503 to the first request, then `answer`. */
  const startFlaky = async (answer: (res: import('node:http').ServerResponse) => void) =>
    (server = await startTestServer((_req, res) => (server!.requests.length === 1 ? json(res, 503, {}) : answer(res))));

  it('a body that does not match the schema: attempts 1 at first try, 2 after a retry (credentials scrubbed or not)', async () => {
    await startFlaky((res) => json(res, 200, { a: 2 }));
    for (const apiKey of [undefined, 'sk-attempts-test-key']) {
      server!.requests.length = 0;
      const client = createClient({ baseURL: server!.url, apiKey, retry: fast });
      const retried = (await request(client, { ...get, schema: shape }).catch((e: unknown) => e)) as ModelwireError;
      expect(retried.code).toBe('response_validation');
      expect(retried.attempts).toBe(2);
      const once = (await request(client, { ...get, schema: shape }).catch((e: unknown) => e)) as ModelwireError;
      expect(once.code).toBe('response_validation');
      expect(once.attempts).toBe(1);
    }
  });

  it('a stream opened after a retry: its error event and an event that does not match the schema carry attempts 2', async () => {
    for (const data of ['event: error\ndata: {"error":{"message":"bad"}}\n\n', 'data: {"a":2}\n\n']) {
      await startFlaky((res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(data));
      const client = createClient({ baseURL: server!.url, retry: fast });
      const stream = await requestStream(client, { ...get, schema: shape });
      const err = (await (async () => {
        for await (const _ of stream);
      })().catch((e: unknown) => e)) as ModelwireError;
      expect(err.code).toBe(data.startsWith('event') ? 'stream' : 'response_validation');
      expect(err.attempts).toBe(2);
      await server!.close();
    }
    server = undefined;
  });
});
