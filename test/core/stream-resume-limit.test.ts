/**
 * `resume: true` reconnects at most `maxRetries` times (docs/core.md "Streams": "at most
 * `maxRetries` times, each one a retry under the policy"). A server that drops every connection
 * after one event gets `1 + maxRetries` requests, then the drop surfaces as a `StreamError` that
 * says the stream broke after it started and carries the transport error as its `cause`.
 * A reconnect the server answers with a retryable status is retried under the same limit, its
 * attempts numbered on from the drop's: `1 + maxRetries` requests in all, not `maxRetries` more
 * for each reconnect (with `onRetry` seeing attempt 1 again).
 */
import { describe, expect, it } from 'vitest';
import { APIError, ConnectionError, StreamError, createClient, requestStream, type RetryEvent } from '../../src/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { eventThenDrop } from './_resume.js';
import { API_KEY, TRANSPORTS, within, drain } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('resume limit over %s', (_name, makeTransport) => {
  it('a server that drops every connection gets 1 + maxRetries requests, then a StreamError with the drop as its cause', async () => {
    const server = await startServer(async (_req, res) => {
      const n = server.count('/drops');
      await eventThenDrop(res, n);
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 2, initialDelayMs: 1, jitter: 0 } });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/drops', operation: 'test.resume', resume: true });
    const values: number[] = [];
    let error: unknown;
    try {
      await within(
        (async () => {
          for await (const v of stream) values.push(v.n);
        })(),
        10_000,
        'the stream giving up',
      );
    } catch (err) {
      error = err;
    }
    stream.abort();
    expect(values).toEqual([1, 2, 3]);
    expect(server.count('/drops')).toBe(3);
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual([undefined, '1', '2']);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).message).toMatch(/^test\.resume: stream broke after it started/);
    expect((error as StreamError).operation).toBe('test.resume');
    expect((error as StreamError).cause).toBeInstanceOf(ConnectionError);
  });

  it('a reconnect answered 503 is retried within the same limit, attempts numbered on', async () => {
    const server = await startServer(async (req, res) => {
      if (req.headers['last-event-id'] !== undefined) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
      await eventThenDrop(res, 1);
    });
    const retries: RetryEvent[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 2, initialDelayMs: 1, jitter: 0 }, onRetry: (e) => retries.push(e) });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/busy', operation: 'test.resume', resume: true });
    const { values: read, error } = await drain(stream);
    const values = read.map((v) => v.n);
    expect(values).toEqual([1]);
    expect(server.count('/busy')).toBe(3);
    expect(retries.map((e) => [e.attempt, e.status ?? e.error?.name])).toEqual([
      [1, 'ConnectionError'],
      [2, 503],
    ]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(503);
    expect((error as APIError).attempts).toBe(3);
  });

  it('retries of the open count against the limit of later drops, attempts numbered on from the open', async () => {
    // types.ts WireRequest.attempt: "a stream's reconnect after a drop is sent as a later attempt of the call";
    // the open is answered 503 once, then every connection sends one event and drops
    const server = await startServer(async (_req, res) => {
      const n = server.count('/opened');
      if (n === 1) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
      await eventThenDrop(res, n);
    });
    const retries: RetryEvent[] = [];
    const sent: number[] = [];
    const client = createClient({
      baseURL: server.url,
      apiKey: API_KEY,
      transport: makeTransport(),
      middleware: [(next) => (req) => (sent.push(req.attempt), next(req))],
      retry: { maxRetries: 2, initialDelayMs: 1, jitter: 0 },
      onRetry: (e) => retries.push(e),
    });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/opened', operation: 'test.resume', resume: true });
    const { values: read, error } = await drain(stream);
    expect(read.map((v) => v.n)).toEqual([2, 3]);
    // 1 + maxRetries requests in all: the open's retry was one of them
    expect(server.count('/opened')).toBe(3);
    expect(sent).toEqual([1, 2, 3]);
    expect(retries.map((e) => [e.attempt, e.status ?? e.error?.name])).toEqual([
      [1, 503],
      [2, 'ConnectionError'],
    ]);
    expect(error).toBeInstanceOf(StreamError);
  });

  it('retries inside a reconnect that then succeeds count against the limit of later drops', async () => {
    // first connection drops after id 1; the reconnect gets 503 once, then a stream that drops after id 2
    const server = await startServer(async (req, res) => {
      const n = server.count('/flaky');
      if (n === 2) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
      await eventThenDrop(res, n);
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 2, initialDelayMs: 1, jitter: 0 } });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/flaky', operation: 'test.resume', resume: true });
    const { values: read, error } = await drain(stream);
    const values = read.map((v) => v.n);
    expect(values).toEqual([1, 3]);
    // 1 + maxRetries requests: the second drop finds the limit spent
    expect(server.count('/flaky')).toBe(3);
    expect(error).toBeInstanceOf(StreamError);
  });
});
