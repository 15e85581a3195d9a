/**
 * A transport that ignores the AbortSignal it is given (a custom `fetch` passed to
 * `fetchTransport({ fetch })`, a transport or middleware of your own) cannot make a call outlive its
 * deadline or your signal (src/core/guard.ts): the call ends with TimeoutError (its `timeoutMs`)
 * or AbortError all the same, nothing is sent once the call has ended, and an answer that comes
 * after the end is let go of (its body cancelled, a late failure swallowed).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, createClient, fetchTransport, headersMiddleware, loggingMiddleware, request, requestIdMiddleware, TimeoutError, type Client, type ClientOptions, type Middleware, type Transport } from '../../src/index.js';
import { flush, stalledBody, watch } from './_deaf.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that never looks at its signal: each call waits until the test answers it. */
function deafFetch(): { fetch: typeof globalThis.fetch; calls: Array<{ answer: (res: Response) => void; fail: (err: unknown) => void }> } {
  const calls: Array<{ answer: (res: Response) => void; fail: (err: unknown) => void }> = [];
  const fetch = ((): Promise<Response> => new Promise<Response>((answer, fail) => calls.push({ answer, fail }))) as typeof globalThis.fetch;
  return { fetch, calls };
}

const get = (client: Client, options?: Parameters<typeof request>[2]) => request(client, { method: 'GET', path: '/thing', operation: 'test.deaf' }, options);

function clientWith(fetch: typeof globalThis.fetch, options: Partial<ClientOptions> = {}): Client {
  return createClient({ baseURL: 'http://127.0.0.1:1', transport: fetchTransport({ fetch }), ...options });
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe.each([
  ['retries on', {}],
  ['retries off', { retry: false as const }],
])('a custom fetch that ignores the signal (%s)', (_, options) => {
  it('the call ends with TimeoutError at its deadline, and the answer that comes later is cancelled', async () => {
    const deaf = deafFetch();
    const call = watch(get(clientWith(deaf.fetch, options), { timeoutMs: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(call.error).toMatchObject({ timeoutMs: 50, operation: 'test.deaf' });
    const late = stalledBody('{"ok":');
    deaf.calls[0]!.answer(new Response(late.body, { status: 200, headers: { 'content-type': 'application/json' } }));
    await flush();
    expect(late.cancelled()).toBe(true);
    expect(deaf.calls).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  it('the call ends with AbortError when the caller aborts, and a late failure is swallowed', async () => {
    const deaf = deafFetch();
    const controller = new AbortController();
    const call = watch(get(clientWith(deaf.fetch, options), { signal: controller.signal }));
    await flush();
    controller.abort();
    await flush();
    expect(call.error).toBeInstanceOf(AbortError);
    expect(call.error).toMatchObject({ operation: 'test.deaf' });
    deaf.calls[0]!.fail(new TypeError('fetch failed'));
    await flush();
    expect(deaf.calls).toHaveLength(1);
    expect(unhandled).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a late error answer (a 503 the policy would retry) is cancelled, not retried', async () => {
    const deaf = deafFetch();
    const call = watch(get(clientWith(deaf.fetch, options), { timeoutMs: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(call.error).toBeInstanceOf(TimeoutError);
    const late = stalledBody('{"error":');
    deaf.calls[0]!.answer(new Response(late.body, { status: 503 }));
    await flush();
    expect(late.cancelled()).toBe(true);
    expect(deaf.calls).toHaveLength(1);
  });

  it('a body that stalls after the headers ends with TimeoutError at the deadline, and is cancelled', async () => {
    const deaf = deafFetch();
    const call = watch(get(clientWith(deaf.fetch, options), { timeoutMs: 50 }));
    await flush();
    const stalled = stalledBody('{"ok":');
    deaf.calls[0]!.answer(new Response(stalled.body, { status: 200, headers: { 'content-type': 'application/json' } }));
    await flush();
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(call.error).toMatchObject({ timeoutMs: 50 });
    expect(stalled.cancelled()).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('an error body that stalls ends the call with AbortError when the caller aborts', async () => {
    const deaf = deafFetch();
    const controller = new AbortController();
    const call = watch(get(clientWith(deaf.fetch, { ...options, retry: false }), { signal: controller.signal }));
    await flush();
    const stalled = stalledBody('{"error":');
    deaf.calls[0]!.answer(new Response(stalled.body, { status: 404 }));
    await flush();
    controller.abort();
    await flush();
    expect(call.error).toBeInstanceOf(AbortError);
    expect(stalled.cancelled()).toBe(true);
  });

  it('a deadline of 0 sends nothing', async () => {
    const deaf = deafFetch();
    const call = watch(get(clientWith(deaf.fetch, options), { timeoutMs: 0 }));
    await flush();
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(deaf.calls).toHaveLength(0);
  });

  it('an answer in time is read as before', async () => {
    const deaf = deafFetch();
    const call = watch(get(clientWith(deaf.fetch, options), { timeoutMs: 50 }));
    await flush();
    deaf.calls[0]!.answer(new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }));
    await flush();
    expect(call.value).toEqual({ ok: true });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a transport or middleware of your own that ignores the signal', () => {
  it('a transport: TimeoutError at the deadline', async () => {
    const pending: Array<(res: Response) => void> = [];
    const transport: Transport = () => new Promise((resolve) => pending.push(resolve));
    const call = watch(get(createClient({ baseURL: 'http://127.0.0.1:1', transport }), { timeoutMs: 30 }));
    await vi.advanceTimersByTimeAsync(30);
    expect(call.error).toBeInstanceOf(TimeoutError);
    expect(call.error).toMatchObject({ timeoutMs: 30 });
    const late = stalledBody('x');
    pending[0]!(new Response(late.body));
    await flush();
    expect(late.cancelled()).toBe(true);
  });

  it('a middleware that waits on something of its own: AbortError when the caller aborts', async () => {
    const never: Middleware = () => () => new Promise(() => undefined);
    const transport: Transport = async () => new Response('{}');
    const controller = new AbortController();
    const call = watch(get(createClient({ baseURL: 'http://127.0.0.1:1', transport, middleware: [never] }), { signal: controller.signal }));
    await flush();
    controller.abort();
    await flush();
    expect(call.error).toBeInstanceOf(AbortError);
  });
});

describe('what is raced', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("the runtime's fetch, the SDK's middleware: not raced (the answer is the transport's own)", async () => {
    const answer = new Response('{}', { status: 200 });
    vi.stubGlobal('fetch', async () => answer);
    const spec = { method: 'GET', path: '/r', operation: 'test.own', responseType: 'response' } as const;
    const own = createClient({ baseURL: 'http://127.0.0.1:1', middleware: [loggingMiddleware({ debug: () => undefined }), requestIdMiddleware(), headersMiddleware({ 'x-a': '1' })] });
    expect(await request(own, spec)).toBe(answer);
    // the same fetch passed in: it may not heed the signal, so its answer's body is read through the guard
    const custom = createClient({ baseURL: 'http://127.0.0.1:1', transport: fetchTransport({ fetch: globalThis.fetch }) });
    expect(await request(custom, spec)).not.toBe(answer);
  });

  it('a transport that throws at once fails the call with its error', async () => {
    const boom = new Error('no');
    const transport: Transport = () => {
      throw boom;
    };
    await expect(get(createClient({ baseURL: 'http://127.0.0.1:1', transport }))).rejects.toBe(boom);
    await expect(get(createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false }))).rejects.toBe(boom);
  });
});
