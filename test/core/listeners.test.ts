import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  InternalServerError,
  TimeoutError,
  createClient,
  poll,
  request,
  requestStream,
  sleep,
  type Client,
} from '../../src/index.js';
import { json, sse, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const warnings: Error[] = [];
const onWarning = (w: Error): void => {
  warnings.push(w);
};
beforeAll(() => {
  process.on('warning', onWarning);
});
afterAll(() => {
  process.off('warning', onWarning);
});

const startServer = startTestServerPerTest();
let server: TestServer | undefined;

const maxListenerWarnings = (): Error[] => warnings.filter((w) => w.name === 'MaxListenersExceededWarning' || /MaxListeners|memory leak/i.test(w.message));

/** Runs `n` tasks with at most `concurrency` in flight. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

/** Routes: /hang never answers, /ok answers 200, /fail answers 503 (not retried: retry off). */
const routes = (): Promise<TestServer> =>
  startServer((req, res) => {
    if (req.path === '/hang') return; // held until the client gives up
    if (req.path === '/fail') return json(res, 503, { error: 'down' });
    json(res, 200, { ok: true });
  });

/** A user middleware that never calls the network and waits until the call's signal aborts. */
const hangUntilAborted = (next: unknown) => (req: { signal: AbortSignal }) => {
  void next;
  return new Promise<never>((_, reject) => {
    if (req.signal.aborted) return reject(req.signal.reason);
    req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true });
  });
};

describe('listener hygiene in the core (no network)', () => {
  it('10,000 timed-out calls on one long-lived signal leave no listener and raise no warning', async () => {
    const client = createClient({ baseURL: 'http://127.0.0.1:9', apiKey: API_KEY, middleware: [hangUntilAborted as never] });
    const longLived = new AbortController().signal;
    const before = maxListenerWarnings().length;
    let timeouts = 0;
    await pool(10_000, 32, async () => {
      try {
        await request(client, { method: 'GET', path: '/x', operation: 'test.timeout' }, { signal: longLived, timeoutMs: 1 });
      } catch (err) {
        if (err instanceof TimeoutError) timeouts++;
        else leaks.error(err);
      }
    });
    expect(timeouts).toBe(10_000);
    expect(getEventListeners(longLived, 'abort')).toHaveLength(0);
    await sleep(5);
    expect(maxListenerWarnings().length).toBe(before);
  });

  it('10,000 aborted calls, each on AbortSignal.any([longLived, own]), leave no listener anywhere', async () => {
    const client = createClient({ baseURL: 'http://127.0.0.1:9', apiKey: API_KEY, middleware: [hangUntilAborted as never] });
    const longLived = new AbortController().signal;
    const before = maxListenerWarnings().length;
    let aborted = 0;
    await pool(10_000, 32, async (i) => {
      const own = new AbortController();
      const signal = AbortSignal.any([longLived, own.signal]);
      const p = request(client, { method: 'GET', path: '/x', operation: 'test.abort' }, { signal, timeoutMs: 60_000 });
      if (i % 2 === 0) own.abort();
      else setTimeout(() => own.abort(), 0);
      try {
        await p;
      } catch (err) {
        if (err instanceof AbortError) aborted++;
        else leaks.error(err);
      }
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });
    expect(aborted).toBe(10_000);
    expect(getEventListeners(longLived, 'abort')).toHaveLength(0);
    await sleep(5);
    expect(maxListenerWarnings().length).toBe(before);
  });
});

describe.each(TRANSPORTS)('listener hygiene over %s', (_name, makeTransport) => {
  // 2,000 loopback calls, 32 at a time, bound by the CPU: 4-8 s in a full run, 16 s in one beside
  // other suites at a load average of 10 on 2 cores, so the default 30 s is too close. For the same
  // reason the calls that should answer get a deadline (60 s) that no slowness reaches: only the
  // /hang calls are meant to time out.
  it('2,000 timed-out, failed and successful HTTP calls on one long-lived signal leave no listener and no warning', async () => {
    server = await routes();
    const client: Client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 0 } });
    const longLived = new AbortController().signal;
    const before = maxListenerWarnings().length;
    const outcome = { timeout: 0, failed: 0, ok: 0, other: [] as unknown[] };
    // every 4th call times out in flight (each costs a socket); the others fail or succeed on keep-alive connections
    await pool(2_000, 32, async (i) => {
      const path = i % 4 === 0 ? '/hang' : i % 4 === 1 ? '/fail' : '/ok';
      try {
        await request(client, { method: 'GET', path, operation: 'test.many' }, { signal: longLived, timeoutMs: path === '/hang' ? 20 : 60_000 });
        outcome.ok++;
      } catch (err) {
        if (err instanceof TimeoutError) outcome.timeout++;
        else if (err instanceof InternalServerError) outcome.failed++;
        else outcome.other.push(leaks.error(err));
      }
    });
    expect(outcome.other).toEqual([]);
    expect(outcome).toMatchObject({ timeout: 500, failed: 500, ok: 1000 });
    expect(getEventListeners(longLived, 'abort')).toHaveLength(0);
    await sleep(5);
    expect(maxListenerWarnings().length).toBe(before);
  }, 120_000);

  it('64 concurrent calls sharing one signal raise no MaxListenersExceededWarning', async () => {
    server = await routes();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 0 } });
    const shared = new AbortController().signal;
    const before = maxListenerWarnings().length;
    const calls = Array.from({ length: 64 }, () =>
      request(client, { method: 'GET', path: '/hang', operation: 'test.concurrent' }, { signal: shared, timeoutMs: 300 }).catch((e: unknown) => e),
    );
    expect(getEventListeners(shared, 'abort').length).toBeLessThanOrEqual(10);
    const results = await Promise.all(calls);
    expect(results.every((e) => e instanceof TimeoutError)).toBe(true);
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
    await sleep(10);
    expect(maxListenerWarnings().length).toBe(before);
  });

  it('streams and polls on one long-lived signal leave no listener', async () => {
    server = await startServer(async (req, res) => {
      if (req.path === '/sse') return sse(res, [{ n: 1 }, { n: 2 }, '[DONE]']);
      json(res, 200, { status: req.index % 3 === 2 ? 'done' : 'running' });
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const longLived = new AbortController().signal;
    for (let i = 0; i < 200; i++) {
      const stream = await requestStream(client, { method: 'GET', path: '/sse', operation: 'test.sse' }, { signal: longLived });
      const seen: unknown[] = [];
      for await (const v of stream) {
        seen.push(v);
        if (i % 2 === 0) break; // half are cancelled early
      }
      expect(seen.length).toBe(i % 2 === 0 ? 1 : 2);
    }
    for (let i = 0; i < 50; i++) {
      await poll({
        fetch: (signal) => request<{ status: string }>(client, { method: 'GET', path: '/status', operation: 'test.poll' }, { signal }),
        done: (v) => v.status === 'done',
        initialDelayMs: 1,
        signal: longLived,
      });
      const err = await rejectionOf(
        poll({ fetch: (signal) => sleep(600_000, signal).then(() => 'never'), done: () => false, signal: longLived, timeoutMs: 5 }),
        leaks,
      );
      expect(err).toBeInstanceOf(TimeoutError);
    }
    expect(getEventListeners(longLived, 'abort')).toHaveLength(0);
  });
});

it('sleep() removes its listener whether it finishes or is aborted', async () => {
  const signal = new AbortController().signal;
  for (let i = 0; i < 1000; i++) await sleep(0, signal);
  expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  const c = new AbortController();
  const p = sleep(600_000, c.signal);
  expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
  c.abort();
  expect(await rejectionOf(p, leaks)).toBeInstanceOf(AbortError);
  expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 1);
});
