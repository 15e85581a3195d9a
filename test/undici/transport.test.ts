import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, Client as UndiciClient, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectionError, InvalidRequestError, TimeoutError, createClient, request, requestStream, type WireRequest } from '../../src/index.js';
import { undiciTransport, type UndiciTransportOptions } from '../../src/undici/index.js';
import { API_KEY, LeakScanner, rejectionOf } from '../core/_support.js';
import { closedServerUrl, json, sse, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { ON_BUN } from '../helpers/runtime.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;
const dispatchers: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close().catch(() => undefined)));
});

/** A wire request as the core builds it, for calling the transport directly. */
function wire(url: string, extra: Partial<WireRequest> = {}): WireRequest {
  return { method: 'GET', url, headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.undici', attempt: 1, ...extra };
}

/** An Agent (closed after the test) whose every dispatch is first shown to `see`. */
function recording(see: (opts: Dispatcher.DispatchOptions) => void): Dispatcher {
  const base = new Agent();
  dispatchers.push(base);
  return base.compose((dispatch) => (opts, handler) => {
    see(opts);
    return dispatch(opts, handler);
  });
}

describe('undiciTransport', () => {
  it('sends an absolute URL with a query but no path as "/?query", and never sends a fragment', async () => {
    server = await startServer((req, res) => json(res, 200, { path: req.path, cursor: req.query.get('cursor') }));
    const seen: string[] = [];
    const dispatcher = recording((opts) => seen.push(`${opts.origin} ${opts.path}`));
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ dispatcher }) });
    expect(await request(client, { method: 'GET', path: `${server.url}?cursor=2`, operation: 'test.next' })).toEqual({ path: '/', cursor: '2' });
    expect(await request(client, { method: 'GET', path: `${server.url}#top`, operation: 'test.next' })).toEqual({ path: '/', cursor: null });
    expect(await request(client, { method: 'GET', path: `${server.url}/a/b?cursor=3#top`, operation: 'test.next' })).toEqual({ path: '/a/b', cursor: '3' });
    expect(seen).toEqual([`${server.url} /?cursor=2`, `${server.url} /`, `${server.url} /a/b?cursor=3`]);
  });

  it('uses a user-supplied Dispatcher for every request', async () => {
    server = await startServer((req, res) => json(res, 200, { path: req.path }));
    const seen: string[] = [];
    const dispatcher = recording((opts) => seen.push(`${opts.method} ${opts.path}`));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: undiciTransport({ dispatcher }) });
    expect(await request(client, { method: 'GET', path: '/a', query: { q: 1 }, operation: 'test.d' })).toEqual({ path: '/a' });
    await request(client, { method: 'POST', path: '/b', body: { x: 1 }, operation: 'test.d' });
    expect(seen).toEqual(['GET /a?q=1', 'POST /b']);
    expect(server.requests[1]?.json()).toEqual({ x: 1 });
    expect(server.requests[1]?.headers['content-type']).toBe('application/json');
  });

  it('a single-origin undici Client works as the dispatcher too', async () => {
    server = await startServer((req, res) => json(res, 200, { n: req.index }));
    const dispatcher = new UndiciClient(server.url);
    dispatchers.push(dispatcher);
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ dispatcher }) });
    for (let i = 0; i < 3; i++) await request(client, { method: 'GET', path: '/k', operation: 'test.k' });
    expect(server.connectionCount()).toBe(1);
  });

  it('keeps connections alive across calls and honours `connections`', async () => {
    server = await startServer(async (req, res) => {
      await new Promise((r) => setTimeout(r, 20));
      json(res, 200, { n: req.index });
    });
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ connections: 1 }) });
    await Promise.all(Array.from({ length: 5 }, () => request(client, { method: 'GET', path: '/c', operation: 'test.c' })));
    expect(server.count('/c')).toBe(5);
    expect(new Set(server.requests.map((r) => r.connectionId)).size).toBe(1);
  });

  it('headersTimeout follows the remaining deadline: a server that never sends headers fails with TimeoutError', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/h', fault: { kind: 'no-headers' }, times: Infinity });
    const client = createClient({ baseURL: server.url, transport: undiciTransport() });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/h', operation: 'test.h' }, { timeoutMs: 200 }), leaks);
    expect(err).toBeInstanceOf(TimeoutError);
    // the transport alone, with a signal that never fires: only the derived headersTimeout can end it
    const direct = await rejectionOf(undiciTransport()(wire(`${server.url}/h`, { timeoutMs: 200 })), leaks);
    expect(direct).toBeInstanceOf(TimeoutError);
    expect((direct as TimeoutError).message).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect((direct as TimeoutError).timeoutMs).toBe(200);
  });

  it('bodyTimeout follows the remaining deadline: a stalled body fails with TimeoutError', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/s', fault: { kind: 'stall-body' } });
    const res = await undiciTransport()(wire(`${server.url}/s`, { timeoutMs: 250 }));
    expect(res.status).toBe(200);
    const err = await rejectionOf(res.text(), leaks);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toContain('UND_ERR_BODY_TIMEOUT');
  });

  it('connection refused is a ConnectionError that provably never reached the server', async () => {
    const url = await closedServerUrl();
    const err = await rejectionOf(undiciTransport()(wire(`${url}/x`, { method: 'POST', body: '{}', idempotent: false })), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
  });

  it('a reset after the body was received may have reached the server', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/r', fault: { kind: 'reset-after-body' } });
    const err = await rejectionOf(undiciTransport()(wire(`${server.url}/r`, { method: 'POST', body: '{"a":1}', idempotent: false })), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(true);
    expect(server.count('/r')).toBe(1);
  });

  it('exposes headers case-insensitively and the body as a web stream', async () => {
    server = await startServer((req, res) => json(res, 201, { ok: true }, { 'X-Thing': 'v', 'set-cookie': 'a=1' }));
    const res = await undiciTransport()(wire(`${server.url}/h`));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-thing')).toBe('v');
    expect(res.headers.get('X-THING')).toBe('v');
    expect(res.headers.get('nope')).toBeNull();
    const names: string[] = [];
    res.headers.forEach((_v, name) => names.push(name));
    expect(names).toContain('x-thing');
    expect(JSON.parse(await new Response(res.body).text())).toEqual({ ok: true });
  });

  it('streams SSE through a user dispatcher', async () => {
    server = await startServer((req, res) => sse(res, [{ n: 1 }, { n: 2 }, '[DONE]']));
    const dispatcher = new Agent({ keepAliveTimeout: 1000 });
    dispatchers.push(dispatcher);
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ dispatcher }) });
    const out: unknown[] = [];
    for await (const v of await requestStream(client, { method: 'GET', path: '/sse', schema: z.object({ n: z.number() }), operation: 'test.sse' })) out.push(v);
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
  });

  // Regression (bug found by this suite, fixed in the core): UndiciResponse.body's cancel() calls raw.destroy() on a BodyReadable with no 'error'
  // listener; undici then emits RequestAbortedError as an unhandled 'error' event and the process crashes.
  // It happens whenever a body is discarded: every retried attempt, responseType 'none', a stream `break`.
  // the child runs in this runtime without the suite's module aliases: under Bun its `undici` is Bun's stand-in
  it.skipIf(ON_BUN)('discarding a response body (retry, responseType none) does not crash the process', () => {
    const script = fileURLToPath(new URL('./fixtures/discard-body.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000, cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    expect(child.stderr).not.toContain("Unhandled 'error' event");
    expect(child.stdout).toContain('result {"ok":true} requests 3');
    expect(child.status).toBe(0);
  });
});

describe('undiciTransport option checks', () => {
  // Regression (audit6): the options were not checked and the Agent was built at the first request,
  // so a bad pool option surfaced only then, as "invalid header or request path" (path 'headers'),
  // and `pipelining: -1` made every request hang until its deadline.
  it.each<[keyof UndiciTransportOptions, unknown]>([
    ['connections', -1],
    ['connections', 0],
    ['connections', 1.5],
    ['connections', Number.NaN],
    ['pipelining', -1],
    ['pipelining', 0.5],
    ['keepAliveTimeoutMs', -1],
    ['keepAliveTimeoutMs', 0],
    ['keepAliveTimeoutMs', Number.NaN],
    ['keepAliveTimeoutMs', 2 ** 31],
    ['connectTimeoutMs', -1],
    ['connectTimeoutMs', Number.NaN],
    ['connectTimeoutMs', '1000'],
  ])('undiciTransport({ %s: %s }) is refused when it is created, naming the option', (name, value) => {
    let err: unknown;
    try {
      undiciTransport({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(name);
    expect((err as InvalidRequestError).message).toContain(name);
  });

  it('a bad pool option is refused before anything is sent, not reported as a bad header', async () => {
    server = await startServer((_req, res) => json(res, 200, { ok: true }));
    let err: unknown;
    try {
      const client = createClient({ baseURL: server.url, transport: undiciTransport({ pipelining: -1 }), retry: false, timeoutMs: 1000 });
      await request(client, { method: 'GET', path: '/x', operation: 'test.get' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('pipelining');
    expect(server.requests).toHaveLength(0);
  });

  it('accepts the edges: Infinity connections, pipelining 0, no connect timeout of its own', async () => {
    server = await startServer((_req, res) => json(res, 200, { ok: true }));
    for (const options of [{ connections: Infinity }, { pipelining: 0 }, { connectTimeoutMs: 0 }, { connectTimeoutMs: Infinity }, { keepAliveTimeoutMs: 2 ** 31 - 1 }]) {
      const client = createClient({ baseURL: server.url, transport: undiciTransport(options), retry: false });
      expect(await request(client, { method: 'GET', path: '/x', operation: 'test.get' })).toEqual({ ok: true });
    }
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 5);
});
