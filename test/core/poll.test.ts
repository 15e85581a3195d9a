import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AbortError, InvalidRequestError, NotFoundError, TimeoutError, createClient, poll, request, sleep, type Client, loggingMiddleware } from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf, within } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;
afterEach(() => {
  vi.useRealTimers();
});

/** The fake-clock times (ms from the start) of each of `polls` polls made with `schedule`. */
async function pollTimes(polls: number, schedule: { initialDelayMs?: number; factor?: number; maxDelayMs?: number } = {}): Promise<number[]> {
  vi.useFakeTimers();
  const t0 = Date.now();
  const at: number[] = [];
  const p = poll({
    fetch: async () => {
      at.push(Date.now() - t0);
      return at.length;
    },
    done: (n) => n === polls,
    ...schedule,
  });
  await vi.runAllTimersAsync();
  expect(await p).toBe(polls);
  return at;
}

describe('poll schedule (fake timers, no network)', () => {
  it('waits initialDelay · factor^n, capped at maxDelay', async () => {
    // waits: 100, 200, 400, 500 (capped), 500
    expect(await pollTimes(6, { initialDelayMs: 100, factor: 2, maxDelayMs: 500 })).toEqual([0, 100, 300, 700, 1200, 1700]);
  });

  it('with no schedule given (docs/core.md), waits 250 ms, then 1.5 times longer each poll, up to 5000 ms', async () => {
    const at = await pollTimes(12);
    const waits = at.slice(1).map((t, i) => t - at[i]!);
    // 250 · 1.5^n: 250, 375, 562.5, 843.75, 1265.6, 1898.4, 2847.7, 4271.5, then 5000 (the cap)
    const expected = [250, 375, 562.5, 843.75, 1265.625, 1898.4375, 2847.65625, 4271.484375, 5000, 5000, 5000];
    expect(waits).toHaveLength(expected.length);
    // the fake clock, like a real timer, may count a fraction of a millisecond as a whole one
    waits.forEach((w, i) => expect(Math.abs(w - expected[i]!)).toBeLessThan(1));
  });

  it('honours the server hint (raised to initialDelayMs, bounded by maxDelayMs) instead of the schedule', async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    const at: number[] = [];
    const hints = [1000, 30, 99_999, undefined];
    const p = poll({
      fetch: async () => {
        at.push(Date.now() - t0);
        return at.length;
      },
      done: (n) => n === 5,
      hintMs: (n) => hints[n - 1],
      initialDelayMs: 50,
      factor: 1,
      maxDelayMs: 2000,
    });
    await vi.runAllTimersAsync();
    await p;
    // 1000 (hint), 50 (hint 30 raised to initialDelayMs), 2000 (hint capped), 50 (schedule)
    expect(at).toEqual([0, 1000, 1050, 3050, 3100]);
  });

  it('the deadline ends polling with TimeoutError and calls onTimeoutOrAbort with the last value', async () => {
    vi.useFakeTimers();
    const last: unknown[] = [];
    let polls = 0;
    const p = poll({
      fetch: async () => ({ status: 'running', n: ++polls }),
      done: () => false,
      initialDelayMs: 100,
      factor: 1,
      timeoutMs: 350,
      operation: 'test.poll',
      onTimeoutOrAbort: async (v) => {
        last.push(v);
      },
    });
    const settled = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const err = leaks.error(await settled);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).operation).toBe('test.poll');
    expect(polls).toBe(4); // at 0, 100, 200, 300; the deadline at 350 cuts the wait
    expect(last).toEqual([{ status: 'running', n: 4 }]);
  });

  it('abort ends polling at once with AbortError and calls onTimeoutOrAbort', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const last: unknown[] = [];
    let polls = 0;
    const p = poll({
      fetch: async () => ++polls,
      done: () => false,
      initialDelayMs: 60_000,
      signal: controller.signal,
      onTimeoutOrAbort: async (v) => {
        last.push(v);
      },
    });
    const settled = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const err = leaks.error(await settled);
    expect(err).toBeInstanceOf(AbortError);
    expect(polls).toBe(1);
    expect(last).toEqual([1]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  // Regression (bug found by this suite, fixed in the core): poll awaits onTimeoutOrAbort without any bound, so a cleanup that hangs (a cancel request to
  // a server that stopped answering) keeps poll from settling long after its deadline.
  it('a hanging onTimeoutOrAbort does not keep poll from settling at its deadline', async () => {
    const p = poll({
      fetch: (signal) => sleep(600_000, signal).then(() => 1),
      done: () => false,
      timeoutMs: 50,
      onTimeoutOrAbort: () => new Promise<void>(() => undefined),
    });
    const err = await within(p.catch((e: unknown) => e), 3000, 'poll settling after its deadline');
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('a failing fetch is surfaced as is and onTimeoutOrAbort is not called', async () => {
    const called: unknown[] = [];
    const boom = new Error('boom');
    const err = await rejectionOf(
      poll({
        fetch: async () => {
          throw boom;
        },
        done: () => true,
        onTimeoutOrAbort: async (v) => {
          called.push(v);
        },
      }),
    );
    expect(err).toBe(boom);
    expect(called).toEqual([]);
  });
});

const Status = z.object({ status: z.enum(['starting', 'running', 'succeeded']), pollAfterMs: z.number().optional() });

describe('poll option checks', () => {
  // Regression (audit6): NaN or negative waits and a factor below 1 made every wait sleep(~0 ms),
  // so poll hammered the server in a tight loop until its deadline.
  it.each<[string, number]>([
    ['initialDelayMs', Number.NaN],
    ['initialDelayMs', -1],
    ['initialDelayMs', 0], // stays 0 at any factor
    ['maxDelayMs', -1],
    ['maxDelayMs', 0],
    ['maxDelayMs', Number.NaN],
    ['maxDelayMs', 2 ** 31], // a longer timer fires at once
    ['factor', 0],
    ['factor', 0.5],
    ['factor', Number.NaN],
    ['cleanupTimeoutMs', -1],
    ['timeoutMs', Number.NaN],
  ])('poll({ %s: %s }) is refused with InvalidRequestError before the first poll', async (name, value) => {
    let polls = 0;
    const err = await rejectionOf(poll({ fetch: async () => ++polls, done: () => false, timeoutMs: 300, operation: 'test.poll', [name]: value }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(name);
    expect((err as InvalidRequestError).message).toContain(name);
    expect(polls).toBe(0);
  });

  it('accepts the edges: 1 ms waits, factor 1, the largest timer, no cleanup time', async () => {
    let polls = 0;
    const res = await poll({ fetch: async () => ++polls, done: (n) => n === 2, initialDelayMs: 1, maxDelayMs: 2 ** 31 - 1, factor: 1, cleanupTimeoutMs: 0 });
    expect(res).toBe(2);
  });
});

describe.each(TRANSPORTS)('poll over %s', (_name, makeTransport) => {
  /** /jobs/1 reports running `runningFor` times, then succeeded; counts cancels on /jobs/1/cancel. */
  function jobServer(runningFor: number): Promise<TestServer> {
    let seen = 0;
    return startServer((req, res) => {
      if (req.path === '/jobs/1/cancel') return json(res, 200, { canceled: true });
      if (req.path !== '/jobs/1') return json(res, 404, { error: 'no such job' });
      seen++;
      json(res, 200, seen > runningFor ? { status: 'succeeded' } : { status: 'running', pollAfterMs: 20 });
    });
  }
  const getJob = (client: Client, signal: AbortSignal, path = '/jobs/1') =>
    request(client, { method: 'GET', path, schema: Status, operation: 'test.job' }, { signal });
  const client = () => createClient({ baseURL: server!.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger())] });

  it('polls a real job until done, honouring the server hint', async () => {
    server = await jobServer(3);
    const c = client();
    const final = await poll({ fetch: (s) => getJob(c, s), done: (j) => j.status === 'succeeded', hintMs: (j) => j.pollAfterMs, initialDelayMs: 10, factor: 1000, maxDelayMs: 60_000 });
    expect(final).toEqual({ status: 'succeeded' });
    expect(server.count('/jobs/1')).toBe(4);
    // the 20 ms hint was used, not the schedule (10 ms, then 10 s and 60 s: the test would time out); lower bound only
    const t = server.requests.map((r) => r.receivedAt);
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(20 - 2);
  });

  it('deadline: TimeoutError, and onTimeoutOrAbort cancels the remote job with the last value', async () => {
    server = await jobServer(Infinity);
    const c = client();
    const last: unknown[] = [];
    const err = await rejectionOf(
      poll({
        fetch: (s) => getJob(c, s),
        done: (j) => j.status === 'succeeded',
        hintMs: (j) => j.pollAfterMs,
        initialDelayMs: 20,
        timeoutMs: 1000,
        onTimeoutOrAbort: async (v) => {
          last.push(v);
          await request(c, { method: 'POST', path: '/jobs/1/cancel', operation: 'test.cancel' });
        },
      }),
      leaks,
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(last).toEqual([{ status: 'running', pollAfterMs: 20 }]);
    expect(server.count('/jobs/1/cancel')).toBe(1);
    expect(server.count('/jobs/1')).toBeGreaterThan(1);
  });

  it('abort during a poll wait ends it with AbortError', async () => {
    server = await jobServer(Infinity);
    const c = client();
    const controller = new AbortController();
    const p = poll({ fetch: (s) => getJob(c, s), done: () => false, initialDelayMs: 600_000, signal: controller.signal });
    await server.waitForRequests(1);
    await sleep(10);
    controller.abort();
    expect(await rejectionOf(p, leaks)).toBeInstanceOf(AbortError);
    expect(server.count('/jobs/1')).toBe(1);
  });

  it('an API error while polling surfaces typed', async () => {
    server = await jobServer(0);
    const c = client();
    const err = await rejectionOf(poll({ fetch: (s) => getJob(c, s, '/jobs/404'), done: () => true }), leaks);
    expect(err).toBeInstanceOf(NotFoundError);
  });
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 6);
});
