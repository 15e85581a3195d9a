/**
 * Server hints beyond the policy's 60 s bound, and the resume of a stream
 * (a reconnect after a failure, with a policy backoff) outside the hook and the budget.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitError, StreamError, createClient, createRetryBudget, request, requestStream, type RetryEvent } from '../../src/index.js';
import { delay, DROP_GRACE_MS, json, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf, within } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('retry hints and resume over %s', (_name, makeTransport) => {
  // errors.ts RateLimitError.retryAfterMs: "Server's wait hint in milliseconds, parsed from
  // `retry-after-ms` or `Retry-After`"; docs/core.md: `console.log('retry in', err.retryAfterMs)`.
  // The 60 s bound is the policy's (whether it waits for the hint), not the hint's value.
  it('a 429 with Retry-After: 120 keeps the hint on RateLimitError.retryAfterMs', async () => {
    const server = await startServer((_req, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '120' }));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/r', operation: 'test.hint' }, { retry: false }), leaks);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(server.count('/r')).toBe(1);
    // the code drops it: undefined, so `sleep(err.retryAfterMs ?? 1000)` hammers a server that asked for 2 minutes
    expect((err as RateLimitError).retryAfterMs).toBe(120_000);
  });

  it('a 429 with retry-after-ms: 90000 keeps the hint on RateLimitError.retryAfterMs', async () => {
    const server = await startServer((_req, res) => json(res, 429, { error: 'slow down' }, { 'retry-after-ms': '90000' }));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/r', operation: 'test.hint' }, { retry: false }), leaks);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(90_000);
  });

  /** Every connection: one event with an id, then the socket drops (resume reconnects with Last-Event-ID). */
  async function dropServer() {
    return startServer(async (req, res) => {
      const last = Number(req.headers['last-event-id'] ?? 0);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, `id: ${last + 1}\ndata: {"n":${last + 1}}\n\n`);
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
    });
  }
  async function drain(stream: AsyncIterable<unknown>): Promise<{ values: unknown[]; error: unknown }> {
    const values: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const v of stream) values.push(v);
      })(),
      leaks,
    );
    return { values, error };
  }

  // issue #2: "Every attempt and delay is observable through a hook."
  it('a resume (reconnect after a drop, after a policy backoff) is reported to onRetry', async () => {
    const server = await dropServer();
    const events: RetryEvent[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 2, initialDelayMs: 1 }, onRetry: (e) => events.push(e) });
    const stream = await within(requestStream(client, { method: 'GET', path: '/ids', operation: 'test.resume', resume: true }), 10_000, 'open');
    const { values, error } = await within(drain(stream), 10_000, 'drain');
    expect(values).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(error).toBeInstanceOf(StreamError);
    expect(server.count('/ids')).toBe(3);
    // two reconnects after two waits; the hook saw none
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.operation === 'test.resume' && e.delayMs >= 0)).toBe(true);
  });

  // docs/core.md: "A per-client retry budget (token bucket: ... each retry spends one ...) stops retry
  // storms"; RetryBudget: "When the bucket is empty, failures surface at once instead of being retried."
  it('an empty retry budget stops a resume too', async () => {
    const server = await dropServer();
    const budget = createRetryBudget({ capacity: 0 });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 2, initialDelayMs: 1, budget } });
    const stream = await within(requestStream(client, { method: 'GET', path: '/ids', operation: 'test.resume', resume: true }), 10_000, 'open');
    const { values, error } = await within(drain(stream), 10_000, 'drain');
    expect(error).toBeInstanceOf(StreamError);
    // the code reconnects twice although the budget has no token
    expect(server.count('/ids')).toBe(1);
    expect(values).toEqual([{ n: 1 }]);
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean();
});
