import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  InternalServerError,
  TimeoutError,
  createClient,
  request,
  type ClientOptions,
  type RetryEvent, loggingMiddleware } from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

describe.each(TRANSPORTS)('one deadline over %s', (_name, makeTransport) => {
  function setup(baseURL: string, extra: Partial<ClientOptions> = {}) {
    const events: RetryEvent[] = [];
    const client = createClient({ baseURL, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger())], onRetry: (e) => events.push(e), ...extra });
    return { client, events };
  }
  const get = { method: 'GET', path: '/d', operation: 'test.deadline' } as const;

  it('a server that never sends headers ends in TimeoutError at the call deadline', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/d', fault: { kind: 'no-headers' } });
    const { client, events } = setup(server.url);
    const err = (await rejectionOf(request(client, get, { timeoutMs: 250 }), leaks)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.code).toBe('timeout');
    expect(err.operation).toBe('test.deadline');
    expect(err.attempts).toBe(1);
    expect(server.count('/d')).toBe(1);
    expect(events).toEqual([]);
  });

  it('a body that stalls ends in TimeoutError', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/d', fault: { kind: 'stall-body' } });
    const { client } = setup(server.url);
    const err = await rejectionOf(request(client, get, { timeoutMs: 250 }), leaks);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(server.count('/d')).toBe(1);
  });

  it('the deadline bounds all attempts together: a hanging 2nd attempt times out on the total', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    // The 503 must come while its 100 ms wait still fits in the deadline. On a loaded machine it may
    // come later, and then it rightly ends the call unretried: such a try shows nothing and is made
    // again with a longer deadline.
    for (const timeoutMs of [400, 2_000, 10_000]) {
      server.reset();
      server.faults.push({ match: '/d', fault: { kind: 'status', status: 503, headers: { 'retry-after-ms': '100' } } });
      server.faults.push({ match: '/d', fault: { kind: 'no-headers' } });
      const { client, events } = setup(server.url, { retry: { maxRetries: 5 } });
      const err = (await rejectionOf(request(client, get, { timeoutMs }), leaks)) as TimeoutError;
      if (events.length === 0 && err instanceof InternalServerError) continue;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.timeoutMs).toBe(timeoutMs); // the call's limit, not what was left for the last attempt
      expect(err.attempts).toBe(2);
      expect(events.map((e) => e.delayMs)).toEqual([100]);
      expect(server.count('/d')).toBe(2);
      return;
    }
    expect.fail('the 503 came too late for its wait to fit in every try');
  });

  it('a retry whose wait would pass the deadline is not attempted', async () => {
    server = await startServer((req, res) => json(res, 503, { error: 'busy' }, { 'retry-after-ms': '600' }));
    const { client, events } = setup(server.url, { retry: { maxRetries: 10 } });
    const err = (await rejectionOf(request(client, get, { timeoutMs: 1000 }), leaks)) as InternalServerError;
    // one wait of 600 fits in 1000 but a second would pass it: the second 503 surfaces instead of a
    // timeout (the margins leave each attempt ~400 ms, so a loaded machine does not turn it into one)
    expect(err).toBeInstanceOf(InternalServerError);
    expect(events.map((e) => e.delayMs)).toEqual([600]);
    expect(server.count('/d')).toBe(2);
    expect(err.attempts).toBe(2);
  });

  it('a server hint longer than the whole deadline is not waited for', async () => {
    server = await startServer((req, res) => json(res, 429, { error: 'slow' }, { 'retry-after': '30' }));
    const { client, events } = setup(server.url);
    const err = await rejectionOf(request(client, get, { timeoutMs: 2000 }), leaks);
    expect(err).toBeInstanceOf(Error);
    expect((err as InternalServerError).status).toBe(429);
    expect(events).toEqual([]);
    expect(server.count('/d')).toBe(1);
  });

  it('an abort during a backoff wait ends the call at once', async () => {
    server = await startServer((req, res) => json(res, 503, { error: 'down' }));
    const controller = new AbortController();
    // a 10-minute backoff: if the abort did not cut the wait, this test would hang until its timeout
    const { client, events } = setup(server.url, {
      timeoutMs: 3_600_000,
      retry: { initialDelayMs: 600_000, maxDelayMs: 600_000, jitter: 0 },
      onRetry: (e) => {
        events.push(e);
        setTimeout(() => controller.abort(new Error('user gave up')), 20);
      },
    });
    const err = (await rejectionOf(request(client, get, { signal: controller.signal }), leaks)) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.code).toBe('aborted');
    expect(err.attempts).toBe(1);
    expect(events.map((e) => e.delayMs)).toEqual([600_000]);
    expect(server.count('/d')).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an abort while the request is in flight ends it with AbortError', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/d', fault: { kind: 'no-headers' } });
    const { client } = setup(server.url);
    const controller = new AbortController();
    const p = request(client, get, { signal: controller.signal, timeoutMs: 60_000 });
    await server.waitForRequests(1);
    controller.abort();
    const err = await rejectionOf(p, leaks);
    expect(err).toBeInstanceOf(AbortError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a pre-aborted signal rejects with AbortError and sends nothing', async () => {
    server = await startServer((req, res) => json(res, 200, { path: req.path }));
    const { client } = setup(server.url);
    const err = (await rejectionOf(request(client, get, { signal: AbortSignal.abort() }), leaks)) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err).not.toBeInstanceOf(TimeoutError);
    // a later request on the same client arrives first: nothing was sent before it
    expect(await request(client, { method: 'GET', path: '/after', operation: 'test.after' })).toEqual({ path: '/after' });
    expect(server.requests.map((r) => r.path)).toEqual(['/after']);
  });

  it('an AbortSignal.timeout() reason becomes a TimeoutError', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/d', fault: { kind: 'no-headers' } });
    const { client } = setup(server.url);
    const err = await rejectionOf(request(client, get, { signal: AbortSignal.timeout(100) }), leaks);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('the client default timeoutMs applies when the call sets none', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/d', fault: { kind: 'no-headers' } });
    const { client } = setup(server.url, { timeoutMs: 200 });
    expect(client.timeoutMs).toBe(200);
    const err = (await rejectionOf(request(client, get), leaks)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
  });
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 15);
});
