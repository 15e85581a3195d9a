/**
 * A retry's token is spent when the policy decides to retry, before the backoff wait (so calls
 * failing at once see an emptied budget at once). When that retry is then never sent (the caller's
 * signal or a deadline ends the call during the wait, the onRetry hook throws, a stream is stopped
 * while its reconnect waits), the built-in budget gets the token back through its `refund()`.
 * Regression: aborted calls drained the budget without any retry having been sent. A budget of
 * your own without `refund()` keeps working. Real HTTP on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, createClient, createRetryBudget, InternalServerError, request, requestStream, TimeoutError, type RetryBudget } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { deferred, rejectionAs, rejectionOf, resumableHandler } from './_support.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const get = { method: 'GET', path: '/r', operation: 'test.get' } as const;
/** A backoff no test waits out: each call below ends during it. */
const long = { maxRetries: 1, initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 };

/**
 * A GET to a server answering 503, with `budget`, aborted by the caller's signal while it waits to
 * send its retry (`during` runs in that wait, just before the abort). Resolves with the server once
 * the call has failed with AbortError.
 */
async function abortDuringBackoff(budget: RetryBudget, during?: () => void): Promise<TestServer> {
  const s = (server = await startTestServer((_req, res) => json(res, 503, {})));
  const waiting = deferred();
  const client = createClient({ baseURL: s.url, timeoutMs: 120_000, retry: { ...long, budget }, onRetry: () => waiting.resolve() });
  const controller = new AbortController();
  const call = request(client, get, { signal: controller.signal });
  await waiting.promise;
  during?.();
  controller.abort();
  await rejectionAs(call, AbortError);
  return s;
}

describe('createRetryBudget refund()', () => {
  it('gives one token back, never above capacity', () => {
    const budget = createRetryBudget({ capacity: 2, refillPerSuccess: 0.5 });
    expect(budget.trySpend()).toBe(true);
    expect(budget.trySpend()).toBe(true);
    expect(budget.tokens).toBe(0);
    budget.refund!();
    expect(budget.tokens).toBe(1);
    // refilled to capacity meanwhile: a refund adds nothing
    budget.recordSuccess();
    budget.recordSuccess();
    expect(budget.tokens).toBe(2);
    budget.refund!();
    expect(budget.tokens).toBe(2);
  });
});

describe('a retry token is given back when its retry is never sent', () => {
  it('the caller aborts during the backoff wait: the token is back, and the next failure is retried', async () => {
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    // spent for the retry it waits to send
    const s = await abortDuringBackoff(budget, () => expect(budget.tokens).toBe(0));
    expect(s.count('/r')).toBe(1);
    expect(budget.tokens).toBe(1);
    // the token is usable: this failure is retried once
    const quick = createClient({ baseURL: s.url, retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0, budget } });
    await rejectionAs(request(quick, get), InternalServerError);
    expect(s.count('/r')).toBe(3);
    expect(budget.tokens).toBe(0);
  });

  it("the caller's own timeout (AbortSignal.timeout) ends the call during the wait: the token is back", async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    const client = createClient({ baseURL: server.url, timeoutMs: 120_000, retry: { ...long, budget } });
    await rejectionAs(request(client, get, { signal: AbortSignal.timeout(200) }), TimeoutError);
    expect(server.count('/r')).toBe(1);
    expect(budget.tokens).toBe(1);
  });

  it("a stream's firstEventTimeoutMs passes during the wait to retry its open: the token is back", async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    const client = createClient({ baseURL: server.url, timeoutMs: 120_000, retry: { ...long, budget } });
    await rejectionAs(requestStream(client, { ...get, firstEventTimeoutMs: 200 }), TimeoutError);
    expect(server.count('/r')).toBe(1);
    expect(budget.tokens).toBe(1);
  });

  it('the wait of a later retry (one already sent) is aborted: only that one token is back', async () => {
    // the first retry after 1 ms, the second after the server's 60 s hint
    server = await startTestServer((_req, res) => json(res, 503, {}, { 'retry-after-ms': server!.count('/r') === 1 ? '1' : '60000' }));
    const budget = createRetryBudget({ capacity: 2, refillPerSuccess: 0 });
    const waits: number[] = [];
    const second = deferred();
    const client = createClient({
      baseURL: server.url,
      timeoutMs: 120_000,
      retry: { ...long, maxRetries: 2, budget },
      onRetry: (e) => {
        waits.push(e.delayMs);
        if (e.attempt === 2) second.resolve();
      },
    });
    const controller = new AbortController();
    const call = request(client, get, { signal: controller.signal });
    await second.promise;
    expect(budget.tokens).toBe(0);
    controller.abort();
    await rejectionAs(call, AbortError);
    expect(waits).toEqual([1, 60_000]);
    expect(server.count('/r')).toBe(2);
    expect(budget.tokens).toBe(1); // the first retry went out: its token stays spent
  });

  it('onRetry throws: the call fails with its error, and the token is back', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    const boom = new Error('hook');
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0, budget }, onRetry: () => { throw boom; } });
    expect(await rejectionOf(request(client, get))).toBe(boom);
    expect(server.count('/r')).toBe(1);
    expect(budget.tokens).toBe(1);
  });

  it('a retry that was sent keeps its token spent', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0, budget } });
    await rejectionAs(request(client, get), InternalServerError);
    expect(server.count('/r')).toBe(2);
    expect(budget.tokens).toBe(0);
  });

  it('a budget of your own without refund() keeps working: the aborted call ends with AbortError', async () => {
    let spent = 0;
    const budget: RetryBudget = { trySpend: () => (spent++, true), recordSuccess: () => undefined, tokens: Infinity };
    await abortDuringBackoff(budget);
    expect(spent).toBe(1);
  });

  it("a budget of your own with refund(): called once for the retry the abort stopped", async () => {
    const calls: string[] = [];
    const budget: RetryBudget = { trySpend: () => (calls.push('spend'), true), recordSuccess: () => void calls.push('success'), refund: () => void calls.push('refund'), tokens: Infinity };
    await abortDuringBackoff(budget);
    expect(calls).toEqual(['spend', 'refund']);
  });
});

describe("a stream's reconnect (resume) stopped during its wait gives its token back", () => {
  /** First connection: one event with an id, then dropped. A resume: events until the client goes away. */
  const resumable = (): Promise<TestServer> => startTestServer(resumableHandler());

  it.each([
    ['stream.abort()', 'abort'],
    ["the caller's signal", 'signal'],
  ] as const)('stopped by %s', async (_name, how) => {
    server = await resumable();
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    const waiting = deferred();
    const client = createClient({ baseURL: server.url, timeoutMs: 120_000, retry: { ...long, budget }, onRetry: () => waiting.resolve() });
    const controller = new AbortController();
    const stream = await requestStream<{ n: number }>(client, { ...get, resume: true }, { signal: controller.signal });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ n: 1 });
    const pending = it.next(); // the drop happens while this read waits; the stream waits to reconnect
    pending.catch(() => undefined);
    await waiting.promise;
    expect(budget.tokens).toBe(0);
    if (how === 'abort') stream.abort();
    else controller.abort();
    await pending.catch(() => undefined);
    expect(server.count('/r')).toBe(1);
    expect(budget.tokens).toBe(1);
  });
});
