import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AbortError,
  APIError,
  ConnectionError,
  InternalServerError,
  ResponseValidationError,
  StreamError,
  createClient,
  request,
  requestStream,
  type ClientOptions,
  type RetryEvent,
  type WireResponse,
} from '../../src/index.js';
import { delay, DROP_GRACE_MS, json, sse, write, type TestServer, startTestServerPerTest, sseForever } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf, within, closeWatcher } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

const Tok = z.object({ n: z.number() });
const closes = closeWatcher();

async function edgeServer(): Promise<TestServer> {
  return startServer(async (req, res) => {
    closes.watch(req, res);
    switch (req.path) {
      case '/bad-event':
        return sse(res, [{ n: 1 }, { n: 'two' }]);
      case '/forever':
        return sseForever(res);
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        await write(res, '{"a":');
        await delay(200);
        if (!res.destroyed) res.end('1}');
        return;
      case '/upload':
        return json(res, 200, { got: req.text() });
      case '/drop-after-one': {
        // every connection: one event with an id, then the socket drops
        const last = Number(req.headers['last-event-id'] ?? 0);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        await write(res, `id: ${last + 1}\ndata: {"n":${last + 1}}\n\n`);
        await delay(DROP_GRACE_MS);
        res.socket?.destroy();
        return;
      }
      case '/cut-json':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        await write(res, '{"a":');
        await delay(DROP_GRACE_MS);
        res.socket?.destroy();
        return;
      case '/no-content':
        res.writeHead(204);
        res.end();
        return;
      case '/redirect':
        res.writeHead(302, { location: '/target' });
        res.end();
        return;
      case '/target':
        return json(res, 200, { target: true, auth: req.headers.authorization !== undefined });
      default:
        return json(res, 404, { error: 'no route' });
    }
  });
}

describe.each(TRANSPORTS)('edge cases over %s', (name, makeTransport) => {
  function client(extra: Partial<ClientOptions> = {}) {
    return createClient({ baseURL: server!.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1 }, ...extra });
  }
  const stream = (path: string) => requestStream(client(), { method: 'GET', path, schema: Tok, operation: 'test.edge' });

  // Regression (bug found by this suite, fixed in the core): tee() rethrows a source error only to the side whose pull hit it; the other side then pulls
  // the closed source and sees a clean end: a silently truncated stream.
  it('tee(): an error reaches both sides, not just the first reader', async () => {
    server = await edgeServer();
    const [a, b] = (await stream('/bad-event')).tee();
    const read = async (s: AsyncIterable<unknown>) => {
      const values: unknown[] = [];
      try {
        for await (const v of s) values.push(v);
        return { values, error: undefined as unknown };
      } catch (error) {
        return { values, error: leaks.error(error) };
      }
    };
    const ra = await read(a);
    const rb = await read(b);
    expect(ra.values).toEqual([{ n: 1 }]);
    expect(ra.error).toBeInstanceOf(ResponseValidationError);
    expect(rb.values).toEqual([{ n: 1 }]);
    expect(rb.error).toBeInstanceOf(ResponseValidationError);
  });

  it('tee(): when both sides stop reading the HTTP body is cancelled', async () => {
    server = await edgeServer();
    const [a, b] = (await stream('/forever')).tee();
    for await (const _ of a) break;
    for await (const _ of b) break;
    await within(closes.closed(server.requests[0]!.index), 5000, 'server-side close after both tee sides stopped');
  });

  it('cancelling toReadableStream() cancels the HTTP body', async () => {
    server = await edgeServer();
    const readable = (await stream('/forever')).toReadableStream();
    const reader = readable.getReader();
    await reader.read();
    await reader.cancel();
    await within(closes.closed(server.requests[0]!.index), 5000, 'server-side close after readable cancel');
  });

  it('responseType response: the body can still be read after the call returned', async () => {
    server = await edgeServer();
    const res = await request<WireResponse>(client(), { method: 'GET', path: '/slow-body', operation: 'test.raw', responseType: 'response' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"a":1}');
  });

  it('an abort while the body is being read is an AbortError', async () => {
    server = await edgeServer();
    const controller = new AbortController();
    const p = request(client(), { method: 'GET', path: '/slow-body', operation: 'test.body-abort' }, { signal: controller.signal });
    await server.waitForRequests(1);
    await delay(50);
    controller.abort();
    expect(await rejectionOf(p, leaks)).toBeInstanceOf(AbortError);
  });

  it('a streamed request body is sent, and never retried even when declared idempotent', async () => {
    server = await edgeServer();
    const body = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('hello '));
          c.enqueue(new TextEncoder().encode('stream'));
          c.close();
        },
      });
    const c = client();
    const out = await request(c, { method: 'POST', path: '/upload', rawBody: { data: body(), contentType: 'text/plain' }, operation: 'test.upload' });
    expect(out).toEqual({ got: 'hello stream' });
    server.faults.push({ match: '/upload', fault: { kind: 'status', status: 503 } });
    const events: RetryEvent[] = [];
    const c2 = client({ onRetry: (e) => events.push(e) });
    const err = await rejectionOf(
      request(c2, { method: 'PUT', path: '/upload', idempotent: true, rawBody: { data: body(), contentType: 'text/plain' }, operation: 'test.upload' }),
      leaks,
    );
    expect(err).toBeInstanceOf(InternalServerError);
    expect(events).toEqual([]);
    expect(server.count('/upload')).toBe(2);
  });

  // Regression (bug found by this suite, fixed in the core): an empty 204 body with the default responseType is parsed as JSON and fails.
  it('a 204 with the default json responseType resolves to undefined instead of failing JSON parsing', async () => {
    server = await edgeServer();
    const out = await request(client(), { method: 'DELETE', path: '/no-content', operation: 'test.delete' }).catch((e: unknown) => leaks.error(e));
    expect(out).toBeUndefined();
  });

  // Regression (bug found by this suite, fixed in the core; was fetch only): fetchTransport follows redirects (keeping Authorization on same-origin hops),
  // undiciTransport does not: the two transports disagree.
  it('a redirect is handled the same way on every transport (surfaced as an APIError with status 302)', async () => {
    server = await edgeServer();
    const out = await request(client(), { method: 'GET', path: '/redirect', operation: 'test.redirect' }).catch((e: unknown) => leaks.error(e));
    expect(out).toBeInstanceOf(APIError);
    expect((out as APIError).status).toBe(302);
    expect(server.count('/target')).toBe(0);
  });

  it('resume gives up after maxRetries reconnects with a StreamError', async () => {
    server = await edgeServer();
    const s = await requestStream(client({ retry: { maxRetries: 2, initialDelayMs: 1 } }), { method: 'GET', path: '/drop-after-one', schema: Tok, operation: 'test.resume', resume: true });
    const values: unknown[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const v of s) values.push(v);
      })(),
      leaks,
    );
    expect(values).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual([undefined, '1', '2']);
  });

  // Regression (bug found by this suite, fixed in the core): `resume` re-sends a non-idempotent POST after a mid-stream drop (the safety rule is skipped).
  it('resume never re-sends a non-idempotent POST', async () => {
    server = await edgeServer();
    const s = await requestStream(client(), { method: 'POST', path: '/drop-after-one', body: { prompt: 'x' }, schema: Tok, operation: 'test.resume-post', resume: true });
    const err = await rejectionOf(
      (async () => {
        for await (const _ of s) void _;
      })(),
      leaks,
    );
    expect(err).toBeInstanceOf(StreamError);
    expect(server.count('/drop-after-one')).toBe(1);
  });

  // Regression (bug found by this suite, fixed in the core): each stream (re)open goes through send() whose retry middleware starts counting at 1, so a
  // stream that failed before its first event after 3 opens surfaces without the total (attempts is undefined).
  it('a stream that never got its first event reports every attempt', async () => {
    server = await edgeServer();
    server.faults.push({ match: '/forever', fault: { kind: 'truncated-sse', events: [] }, times: 3 });
    const err = await rejectionOf(requestStream(client({ retry: { maxRetries: 2, initialDelayMs: 1 } }), { method: 'GET', path: '/forever', operation: 'test.attempts' }), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.count('/forever')).toBe(3);
    expect((err as ConnectionError).attempts).toBe(3);
  });

  // Regression (bug found by this suite, fixed in the core): the retry policy only covers the response head; a GET whose JSON body is cut mid-way is a
  // connection error that is never retried, although the issue lists connection errors as retryable.
  it('a GET whose body is cut mid-way is retried like any connection error', async () => {
    server = await edgeServer();
    const events: RetryEvent[] = [];
    // this server always cuts the body: every attempt fails, and the policy makes all of them (1 + 2 retries)
    const err = await rejectionOf(request(client({ onRetry: (e) => events.push(e) }), { method: 'GET', path: '/cut-json', operation: 'test.cut' }), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.count('/cut-json')).toBe(3);
  });

  it('the API key is sent only to the client origin, never to an absolute URL on another host', async () => {
    server = await edgeServer();
    const other = await startServer((req, res) => json(res, 200, { auth: req.headers.authorization ?? null }));
    try {
      const c = client();
      expect(await request(c, { method: 'GET', path: `${other.url}/next?page=2`, operation: 'test.foreign' })).toEqual({ auth: null });
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      expect(await request(c, { method: 'GET', path: `${server.url}/target`, operation: 'test.same' })).toEqual({ target: true, auth: true });
      expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    } finally {
      await other.close();
    }
  });

  it('a non-idempotent POST whose response body is cut is not re-sent', async () => {
    server = await edgeServer();
    const err = await rejectionOf(request(client(), { method: 'POST', path: '/cut-json', body: { a: 1 }, operation: 'test.cut-post' }), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.count('/cut-json')).toBe(1);
  });

  // Regression (bug found by this suite, fixed in the core): request() retries broken bodies in its own loop (mayRetryBody) around send(), whose retry
  // middleware starts again at attempt 1 each time: head and body retries multiply (6 requests for maxRetries 2).
  it('head failures and body failures share one retry allowance', async () => {
    server = await edgeServer();
    // /target answers 200 when no fault applies; alternate 503 heads and cut bodies
    for (let i = 0; i < 4; i++) {
      server.faults.push({ match: '/target', fault: { kind: 'status', status: 503 } });
      server.faults.push({ match: '/target', fault: { kind: 'reset-mid-body' } });
    }
    const events: RetryEvent[] = [];
    const err = await rejectionOf(
      request(client({ retry: { maxRetries: 2, initialDelayMs: 1 }, onRetry: (e) => events.push(e) }), { method: 'GET', path: '/target', operation: 'test.mixed' }),
      leaks,
    );
    expect(err).toBeInstanceOf(Error);
    expect(server.count('/target')).toBe(3); // 1 attempt + maxRetries
    expect(events).toHaveLength(2);
    expect((err as ConnectionError).attempts).toBe(3);
  });

  // Regression (bug found by this suite, fixed in the core): a body retry is invisible to onRetry ("every attempt and delay is observable through a hook").
  it('a body retry is reported to onRetry like any other', async () => {
    server = await edgeServer();
    server.faults.push({ match: '/target', fault: { kind: 'reset-mid-body' } });
    const events: RetryEvent[] = [];
    const out = await request(client({ onRetry: (e) => events.push(e) }), { method: 'GET', path: '/target', operation: 'test.body-hook' });
    expect(out).toEqual({ target: true, auth: true });
    expect(server.count('/target')).toBe(2);
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toBeInstanceOf(ConnectionError);
  });

  it('a GET whose body is cut mid-way fails with a ConnectionError (not a JSON error)', async () => {
    server = await edgeServer();
    const err = await rejectionOf(request(client({ retry: false }), { method: 'GET', path: '/cut-json', operation: 'test.cut' }), leaks);
    expect(err).toBeInstanceOf(ConnectionError);
  });

  // Regression (bug found by this suite, fixed in the core): SSESource#fail re-creates StreamError to scrub secrets and drops `cause` (client with an apiKey).
  it('a StreamError for a truncated stream keeps the transport error as its cause', async () => {
    server = await edgeServer();
    server.faults.push({ match: '/forever', fault: { kind: 'truncated-sse', events: [{ n: 1 }] } });
    const s = await stream('/forever');
    const err = await rejectionOf(
      (async () => {
        for await (const _ of s) void _;
      })(),
      leaks,
    );
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).cause).toBeDefined();
    expect((err as StreamError).operation).toBe('test.edge');
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 2);
});
