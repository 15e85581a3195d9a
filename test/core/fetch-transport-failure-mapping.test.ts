/**
 * How the fetch transport reports failures (docs/core.md "Transports" and "Retries and the safety
 * rule"): which network errors prove the request was never sent (the retry policy may repeat
 * those, even for a POST), what a ConnectionError message names, that fetch's own refusal of a
 * header value never quotes the value, and that whatever a custom fetch throws, rejects with or
 * resolves to, the caller gets a typed error in a rejected promise.
 */
import { describe, expect, it, vi } from 'vitest';
import { ConnectionError, InvalidRequestError, TimeoutError, fetchTransport, safeUrl, type WireRequest } from '../../src/index.js';
import { failedBeforeSending } from '../../src/core/transport-fetch.js';
import { API_KEY, LeakScanner, rejectionOf } from './_support.js';

const leaks = new LeakScanner();

function wire(extra: Partial<WireRequest> = {}): WireRequest {
  return { method: 'GET', url: 'http://127.0.0.1:1/v2/models/m', headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.fetch', attempt: 1, ...extra };
}
const coded = (message: string, code: unknown) => Object.assign(new Error(message), { code });
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

describe('failedBeforeSending', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'DNS: no such host'],
    ['EAI_AGAIN', 'DNS: temporary failure'],
    ['UND_ERR_CONNECT_TIMEOUT', 'undici connect timeout'],
    ['ConnectionRefused', "Bun's code"],
  ])('%s (%s) proves the request was never sent, as the code of the error or of its cause', (code) => {
    expect(failedBeforeSending(coded('x', code))).toBe(true);
    expect(failedBeforeSending(fetchFailed(coded('x', code)))).toBe(true);
    expect(failedBeforeSending(fetchFailed(fetchFailed(coded('x', code))))).toBe(true);
  });

  // an established connection ends with these codes too (transport-fetch-unreachable-after-send.test.ts)
  it.each([
    ['ENETUNREACH', 'network unreachable'],
    ['EHOSTUNREACH', 'host unreachable'],
  ])('%s (%s) proves it only from the attempt to connect (syscall connect, or a message that says so)', (code) => {
    const connecting = Object.assign(coded(`connect ${code} 10.0.0.1:443`, code), { syscall: 'connect' });
    expect(failedBeforeSending(connecting)).toBe(true);
    expect(failedBeforeSending(fetchFailed(connecting))).toBe(true);
    expect(failedBeforeSending(fetchFailed(new Error(`connect ${code} 10.0.0.1:443`)))).toBe(true);
    expect(failedBeforeSending(coded('x', code))).toBe(false);
    expect(failedBeforeSending(fetchFailed(Object.assign(coded(`read ${code}`, code), { syscall: 'read' })))).toBe(false);
  });

  it('a message that says so counts too, in any case (runtimes without codes)', () => {
    expect(failedBeforeSending(new TypeError('Connection refused (os error 111)'))).toBe(true);
    expect(failedBeforeSending(fetchFailed(new Error('getaddrinfo ENOTFOUND api.invalid')))).toBe(true);
  });

  it('a reset, a socket error, a non-string code or no error at all does not', () => {
    expect(failedBeforeSending(fetchFailed(coded('other side closed', 'UND_ERR_SOCKET')))).toBe(false);
    expect(failedBeforeSending(coded('read ECONNRESET', 'ECONNRESET'))).toBe(false);
    expect(failedBeforeSending(coded('x', 111))).toBe(false);
    expect(failedBeforeSending(undefined)).toBe(false);
    expect(failedBeforeSending(null)).toBe(false);
    expect(failedBeforeSending('ECONNREFUSED')).toBe(false); // a bare string has no code or message field
  });

  it('a cause chain that loops ends with false instead of hanging', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(failedBeforeSending(a)).toBe(false);
  });
});

describe('fetchTransport error mapping', () => {
  it('a ConnectionError names the operation, method and URL (query values hidden) and the cause of "fetch failed"', async () => {
    const t = fetchTransport({ fetch: () => Promise.reject(fetchFailed(coded('other side closed', 'UND_ERR_SOCKET'))) });
    const err = await rejectionOf(t(wire({ method: 'POST', url: `http://127.0.0.1:1/v1/x?key=${API_KEY}&b=2`, idempotent: false })), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    const message = (err as ConnectionError).message;
    expect(message.startsWith('test.fetch: POST http://127.0.0.1:1/v1/x?key=…&b=… failed')).toBe(true);
    expect(message).toContain('other side closed');
    expect(message).not.toContain('fetch failed');
    expect((err as ConnectionError).operation).toBe('test.fetch');
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(true);
  });

  it('whatever a custom fetch rejects with (null, undefined, a string) is a ConnectionError', async () => {
    for (const reason of [null, undefined, 'socket hang up']) {
      const t = fetchTransport({ fetch: () => Promise.reject(reason) });
      const err = await rejectionOf(t(wire()), leaks);
      expect(err, String(err)).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).message).toContain(String(reason));
    }
  });

  it('a modelwire error from a custom fetch passes through unchanged', async () => {
    const own = new TimeoutError('test.fetch did not finish within 5 ms', { operation: 'test.fetch', timeoutMs: 5 });
    const t = fetchTransport({ fetch: () => Promise.reject(own) });
    expect(await rejectionOf(t(wire()), leaks)).toBe(own);
  });

  it('no fetch at all (none passed, none global) is a ConnectionError that never reached a server', async () => {
    vi.stubGlobal('fetch', undefined);
    try {
      const err = await rejectionOf(fetchTransport()(wire()), leaks);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
      expect((err as ConnectionError).operation).toBe('test.fetch');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a fetch that throws synchronously gives a rejected promise, not a throw', async () => {
    const t = fetchTransport({
      fetch: () => {
        throw fetchFailed(coded('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'));
      },
    });
    let result: Promise<unknown> | undefined;
    expect(() => (result = t(wire()))).not.toThrow();
    const err = await rejectionOf(result!, leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
  });

  it('a fetch that resolves with something that is not a response is a ConnectionError', async () => {
    for (const value of [{}, 42, { status: '200' }]) {
      const t = fetchTransport({ fetch: (async () => value) as unknown as typeof fetch });
      const err = await rejectionOf(t(wire()), leaks);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).message).toContain('no Response');
    }
  });

  it("fetch's refusal of a header value is an InvalidRequestError on headers that does not quote the value", async () => {
    const t = fetchTransport({
      fetch: () => Promise.reject(new TypeError(`Headers.append: "Bearer ${API_KEY}\nx" is an invalid header value.`)),
    });
    const err = await rejectionOf(t(wire()), leaks);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('headers');
    expect((err as InvalidRequestError).operation).toBe('test.fetch');
    expect((err as Error).message).not.toContain(API_KEY);
    expect((err as Error).message).toMatch(/^test\.fetch: .*header/);
    expect((err as { cause?: unknown }).cause).toBeUndefined();
  });

  it('redirects are not followed unless init says so', async () => {
    const seen: RequestInit[] = [];
    const recording = async (_url: unknown, init?: RequestInit) => {
      seen.push(init!);
      return new Response(null, { status: 204 });
    };
    await fetchTransport({ fetch: recording })(wire());
    await fetchTransport({ fetch: recording, init: { redirect: 'follow' } })(wire());
    expect(seen.map((i) => i.redirect)).toEqual(['manual', 'follow']);
  });
});

describe('safeUrl', () => {
  it('hides user info and query values, keeps the rest', () => {
    expect(safeUrl('https://u:p@x.io/a?key=s3cret&b=2')).toBe('https://x.io/a?key=…&b=…');
    expect(safeUrl('https://token@x.io/a')).toBe('https://x.io/a');
    expect(safeUrl('http://127.0.0.1:8000/v2/models/m/infer')).toBe('http://127.0.0.1:8000/v2/models/m/infer');
  });

  it('an @ in the path is not user info', () => {
    expect(safeUrl('https://x.io/users/@me/a')).toBe('https://x.io/users/@me/a');
    expect(safeUrl('https://x.io/a@b?x=1')).toBe('https://x.io/a@b?x=…');
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 5);
});
