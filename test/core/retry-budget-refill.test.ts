/**
 * The retry budget's refill is counted exactly: `1 / refillPerSuccess` successes earn back one
 * retry. Summed in floating point, ten refills of 0.1 made 0.9999999999999999 tokens, which
 * `trySpend()` refused: an emptied default budget needed eleven successes per retry, not ten.
 * Real HTTP on 127.0.0.1 for the client's own budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, createRetryBudget, request, requestStream, InternalServerError } from '../../src/index.js';
import { json, sse, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('retry budget refill', () => {
  it.each([
    [10, 0.1, 10],
    [3, 0.3, 10],
    [5, 0.7, 10],
    [4, 1 / 3, 12],
    [2, 1 / 49, 98],
  ])('capacity %d, refillPerSuccess %d: emptied, then %d successes give back capacity-many retries', (capacity, refill, successes) => {
    const budget = createRetryBudget({ capacity, refillPerSuccess: refill });
    while (budget.trySpend());
    expect(budget.tokens).toBe(0);
    for (let i = 0; i < successes; i++) budget.recordSuccess();
    const earned = Math.min(capacity, Math.round(successes * refill * 1e6) / 1e6);
    expect(budget.tokens).toBe(earned);
    let retries = 0;
    while (budget.trySpend()) retries++;
    expect(retries).toBe(Math.floor(earned));
  });

  it('a fraction short of a token is still no retry', () => {
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0.1 });
    expect(budget.trySpend()).toBe(true);
    for (let i = 0; i < 9; i++) budget.recordSuccess();
    expect(budget.trySpend()).toBe(false);
    budget.recordSuccess();
    expect(budget.trySpend()).toBe(true);
    expect(budget.trySpend()).toBe(false);
  });

  it("a client's default budget: emptied by failures, ten successes earn back one retry", async () => {
    let failing = true;
    server = await startTestServer((req, res) => (req.path === '/fail' && failing ? json(res, 503, {}) : json(res, 200, { ok: 1 })));
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1, jitter: 0 } });
    const fail = { method: 'GET', path: '/fail', operation: 'test.fail' } as const;
    // ten calls, each retried once, spend the ten tokens
    for (let i = 0; i < 10; i++) await expect(request(client, fail)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.count('/fail')).toBe(20);
    // empty: the next failure is not retried
    await expect(request(client, fail)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.count('/fail')).toBe(21);
    for (let i = 0; i < 10; i++) await request(client, { method: 'GET', path: '/ok', operation: 'test.ok' });
    // one token back: this failure is retried once
    await expect(request(client, fail)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.count('/fail')).toBe(23);
    failing = false;
  });

  // Every answered request refills, whether its call may retry or not, as the AWS SDKs' retry quota
  // and gRPC's retry throttling count every successful call: the budget measures the endpoint's
  // health, not the calls that asked for retries. Successes of calls made with retry: false left an
  // emptied budget empty.
  it.each([
    ['request()', 'json'],
    ['request() with parse', 'parse'],
    ['requestStream()', 'stream'],
  ] as const)('successes of calls made with retry: false refill it too: %s', async (_name, kind) => {
    let failing = true;
    server = await startTestServer((req, res) =>
      req.path === '/fail' && failing ? json(res, 503, {}) : req.path === '/events' ? sse(res, [{ n: 1 }, '[DONE]']) : json(res, 200, { ok: 1 }),
    );
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0.5 });
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0, budget } });
    const fail = { method: 'GET', path: '/fail', operation: 'test.fail' } as const;
    await expect(request(client, fail)).rejects.toBeInstanceOf(InternalServerError);
    expect(budget.tokens).toBe(0);
    for (let i = 0; i < 2; i++) {
      if (kind === 'json') await request(client, { method: 'GET', path: '/ok', operation: 'test.ok' }, { retry: false });
      else if (kind === 'parse') await request(client, { method: 'GET', path: '/ok', operation: 'test.ok', parse: (r) => r.text() }, { retry: false });
      else await (await requestStream(client, { method: 'GET', path: '/events', operation: 'test.events' }, { retry: false })).forEach(() => undefined);
    }
    expect(budget.tokens).toBe(1);
    // the token earned back: this failure is retried once
    await expect(request(client, fail)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.count('/fail')).toBe(4);
    failing = false;
  });

  it('a call with retry: false that fails refills nothing', async () => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0.5 });
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0, budget } });
    expect(budget.trySpend()).toBe(true);
    await expect(request(client, { method: 'GET', path: '/fail', operation: 'test.fail' }, { retry: false })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.count('/fail')).toBe(1);
    expect(budget.tokens).toBe(0);
  });
});
