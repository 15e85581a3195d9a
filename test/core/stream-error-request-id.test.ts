/**
 * A StreamError names the request id of the response whose stream failed (docs/core.md "Errors"),
 * as an APIError does for a status error: an `event: error` mid-stream, a body cut after the first
 * event, a 2xx answer that is not an event stream. After a resume, the id is the reconnected
 * response's. An id that echoes the API key is redacted, and `toJSON()` carries it.
 */
import { describe, expect, it } from 'vitest';
import { StreamError, createClient, requestStream } from '../../src/index.js';
import { delay, DROP_GRACE_MS, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

/** Reads a stream to its end and returns the error it ended with. */
async function errorOf(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of stream);
  } catch (error) {
    return error;
  }
  throw new Error('the stream ended without an error');
}

describe.each(TRANSPORTS)('StreamError request id over %s', (_name, makeTransport) => {
  const client = (url: string, retry: false | { maxRetries: number; initialDelayMs: number; jitter: number } = false) =>
    createClient({ baseURL: url, apiKey: API_KEY, transport: makeTransport(), retry });

  it('an error event mid-stream: the response request id is on the error and in toJSON()', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream_1' });
      res.end('data: {"n":1}\n\nevent: error\ndata: {"message":"overloaded"}\n\n');
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.error_event' });
    const err = (await errorOf(stream)) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.requestId).toBe('req_stream_1');
    expect(err.toJSON()).toMatchObject({ name: 'StreamError', requestId: 'req_stream_1', operation: 'test.error_event' });
  });

  it('a body cut after the first event: the request id is on the StreamError', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_cut' });
      await write(res, 'data: {"n":1}\n\n');
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.cut' });
    const err = (await errorOf(stream)) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.message).toMatch(/broke after it started/);
    expect(err.requestId).toBe('req_cut');
  });

  it('a 2xx answer that is not an event stream: the request id is on the StreamError', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_json' });
      res.end('{"error":{"message":"stream not supported"}}');
    });
    const err = (await rejectionOf(requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.json' }))) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.requestId).toBe('req_json');
  });

  it('after a resume, the error names the reconnected response, not the first one', async () => {
    const server = await startServer(async (_req, res) => {
      const n = server.count('/s');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `req_conn_${n}` });
      if (n === 1) {
        await write(res, 'id: 1\ndata: {"n":1}\n\n');
        await delay(DROP_GRACE_MS);
        return void res.socket?.destroy();
      }
      res.end('id: 2\ndata: {"n":2}\n\nevent: error\ndata: {"message":"gone"}\n\n');
    });
    const stream = await requestStream(client(server.url, { maxRetries: 2, initialDelayMs: 1, jitter: 0 }), { method: 'GET', path: '/s', operation: 'test.resumed', resume: true });
    const err = (await errorOf(stream)) as StreamError;
    expect(server.count('/s')).toBe(2);
    expect(err).toBeInstanceOf(StreamError);
    expect(err.requestId).toBe('req_conn_2');
  });

  it('an id that echoes the API key is redacted, on the error and in toJSON()', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `echo-${API_KEY}` });
      res.end('data: {"n":1}\n\nevent: error\ndata: {"message":"bad"}\n\n');
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.echo' });
    const err = (await errorOf(stream)) as StreamError;
    expect(err.requestId).toBe('echo-[redacted]');
    expect(JSON.stringify(err)).not.toContain(API_KEY);
  });

  it('a response without a request id leaves it undefined and out of toJSON()', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"n":1}\n\nevent: error\ndata: {"message":"bad"}\n\n');
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.none' });
    const err = (await errorOf(stream)) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.requestId).toBeUndefined();
    expect(Object.keys(err.toJSON())).not.toContain('requestId');
  });
});
