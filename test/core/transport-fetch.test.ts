/**
 * Fetch-level unit tests of pure logic: fetchTransport with a custom fetch, and the retry schedule
 * under fake timers (no sockets, so the clock can be faked safely).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ConnectionError,
  InternalServerError,
  TimeoutError,
  createClient,
  fetchTransport,
  request,
  type RetryEvent,
  type WireRequest,
} from '../../src/index.js';
import { API_KEY, LeakScanner, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
afterEach(() => {
  vi.useRealTimers();
});

function wire(extra: Partial<WireRequest> = {}): WireRequest {
  return { method: 'GET', url: 'http://127.0.0.1:1/x', headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.fetch', attempt: 1, ...extra };
}

describe('fetchTransport with a custom fetch', () => {
  it('passes method, headers, body and signal through and returns the Response', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const t = fetchTransport({
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init! });
        return new Response('{"ok":true}', { status: 200, headers: { 'x-y': 'z' } });
      },
      init: { keepalive: true },
    });
    const signal = new AbortController().signal;
    const res = await t(wire({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}', signal }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-y')).toBe('z');
    expect(await res.text()).toBe('{"ok":true}');
    expect(calls[0]!.url).toBe('http://127.0.0.1:1/x');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}', keepalive: true });
    expect(calls[0]!.init.signal).toBe(signal);
  });

  it('maps a refused connection to a ConnectionError that never reached the server', async () => {
    const t = fetchTransport({
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
      },
    });
    const err = (await rejectionOf(t(wire()), leaks)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.requestMayHaveReachedServer).toBe(false);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it("maps a connect timeout (what Node's fetch throws) to a ConnectionError that never reached the server", async () => {
    const t = fetchTransport({
      fetch: async () => {
        const cause = Object.assign(new Error('Connect Timeout Error (attempted address: 10.255.255.1:80, timeout: 10000ms)'), { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT' });
        throw new TypeError('fetch failed', { cause });
      },
    });
    const err = (await rejectionOf(t(wire()), leaks)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.requestMayHaveReachedServer).toBe(false);
  });

  it('maps any other network failure to a ConnectionError that may have reached the server', async () => {
    const t = fetchTransport({
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
      },
    });
    const err = (await rejectionOf(t(wire()), leaks)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.requestMayHaveReachedServer).toBe(true);
  });

  it('an aborted request becomes the signal reason as a typed error', async () => {
    const c = new AbortController();
    c.abort();
    const t = fetchTransport({ fetch: (_u, init) => Promise.reject(init?.signal?.reason) });
    expect(await rejectionOf(t(wire({ signal: c.signal })), leaks)).toBeInstanceOf(AbortError);
  });

  it('no fetch at all (none passed, none global) is a clear ConnectionError', async () => {
    vi.stubGlobal('fetch', undefined);
    try {
      const t = fetchTransport();
      const err = (await rejectionOf(t(wire()), leaks)) as ConnectionError;
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err.message).toMatch(/fetch/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the URL in a ConnectionError message hides query values', async () => {
    const t = fetchTransport({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const err = await rejectionOf(t(wire({ url: `http://127.0.0.1:1/x?key=${API_KEY}` })), leaks);
    expect((err as Error).message).toContain('?key=…');
  });
});

describe('retry schedule under fake timers', () => {
  /** A fetch that answers `statuses` in order (then 200) and records the fake clock of each call. */
  function scripted(statuses: number[]) {
    const at: number[] = [];
    const t0 = Date.now();
    const fetch = async (_u: unknown, init?: RequestInit): Promise<Response> => {
      init?.signal?.throwIfAborted();
      at.push(Date.now() - t0);
      const status = statuses[at.length - 1] ?? 200;
      return new Response(JSON.stringify({ status }), { status, headers: { 'content-type': 'application/json' } });
    };
    return { fetch, at };
  }

  it('attempts happen exactly after the backoff delays, not before', async () => {
    vi.useFakeTimers();
    const { fetch, at } = scripted([503, 503, 503]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseURL: 'http://127.0.0.1:1',
      apiKey: API_KEY,
      transport: fetchTransport({ fetch }),
      retry: { maxRetries: 3, initialDelayMs: 1000, maxDelayMs: 3000, jitter: 0.2, random: () => 0.5 },
      onRetry: (e) => events.push(e),
    });
    const p = request(client, { method: 'GET', path: '/x', operation: 'test.sched' });
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toEqual([0]);
    await vi.advanceTimersByTimeAsync(899);
    expect(at).toHaveLength(1); // 1000·(1-0.1) = 900 not yet elapsed
    await vi.advanceTimersByTimeAsync(1);
    expect(at).toEqual([0, 900]);
    await vi.advanceTimersByTimeAsync(1800 + 2700);
    expect(await p).toEqual({ status: 200 });
    expect(at).toEqual([0, 900, 2700, 5400]); // 900, 1800, min(4000,3000)·0.9 = 2700
    expect(events.map((e) => e.delayMs)).toEqual([900, 1800, 2700]);
  });

  it('an abort during the backoff wait rejects immediately, without another attempt', async () => {
    vi.useFakeTimers();
    const { fetch, at } = scripted([503, 503]);
    const controller = new AbortController();
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: fetchTransport({ fetch }), retry: { initialDelayMs: 10_000, jitter: 0 } });
    const p = request(client, { method: 'GET', path: '/x', operation: 'test.abort' }, { signal: controller.signal, timeoutMs: 600_000 });
    const settled = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    const err = leaks.error(await settled);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(at).toEqual([0]);
  });

  it('the deadline is not extended by waits: a retry that cannot fit is skipped and the last status surfaces', async () => {
    vi.useFakeTimers();
    const { fetch, at } = scripted([503, 503, 503]);
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: fetchTransport({ fetch }), retry: { maxRetries: 5, initialDelayMs: 400, jitter: 0 } });
    const settled = request(client, { method: 'GET', path: '/x', operation: 'test.fit' }, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    const err = leaks.error(await settled);
    // 0, 400 (wait 400), then a wait of 800 would end at 1200 > 1000: not attempted
    expect(at).toEqual([0, 400]);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).attempts).toBe(2);
  });

  it('a hanging attempt is cut by the deadline (TimeoutError carries the call timeout)', async () => {
    vi.useFakeTimers();
    const fetch = (_u: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true }));
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: fetchTransport({ fetch }) });
    const settled = request(client, { method: 'GET', path: '/x', operation: 'test.hang' }, { timeoutMs: 750 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(749);
    let done = false;
    void settled.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const err = leaks.error(await settled);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(750);
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 8);
});
