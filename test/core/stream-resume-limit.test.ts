/**
 * `resume: true` reconnects at most `maxRetries` times (docs/core.md "Streams": "at most
 * `maxRetries` times, each one a retry under the policy"). A server that drops every connection
 * after one event gets `1 + maxRetries` requests, then the drop surfaces as a `StreamError` that
 * says the stream broke after it started and carries the transport error as its `cause`.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, StreamError, createClient, requestStream } from '../../src/index.js';
import { delay, DROP_GRACE_MS, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, within } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('resume limit over %s', (_name, makeTransport) => {
  it('a server that drops every connection gets 1 + maxRetries requests, then a StreamError with the drop as its cause', async () => {
    const server = await startServer(async (_req, res) => {
      const n = server.count('/drops');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, `id: ${n}\ndata: {"n":${n}}\n\n`);
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
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
});
