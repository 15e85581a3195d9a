/**
 * requestStream edges (docs/core.md "Streams"):
 * - `firstEventTimeoutMs` / `idleTimeoutMs` accept any number ≥ 0, `Infinity` included (no limit):
 *   a limit past the longest timer must not turn into a timer that fires at once;
 * - a 2xx answer without a content type is read as an event stream (only a content type that says
 *   something else is refused), and the error for one that says something else names it; a 2xx
 *   answer without a body (204) is a StreamError;
 * - a StreamError raised mid-stream has its message cut at 600 characters (the whole payload on
 *   `event`) and names the operation, unless a custom decoder's own StreamError already names one.
 */
import { describe, expect, it } from 'vitest';
import { StreamError, createClient, requestStream } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, drain, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('stream limits and error fields over %s', (_name, makeTransport) => {
  const client = (url: string) => createClient({ baseURL: url, apiKey: API_KEY, transport: makeTransport(), retry: false });

  it('firstEventTimeoutMs and idleTimeoutMs of Infinity mean no limit', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await delay(50);
      await write(res, 'data: {"n":1}\n\n');
      await delay(50);
      res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.inf', firstEventTimeoutMs: Infinity, idleTimeoutMs: Infinity });
    expect(await drain(stream)).toEqual({ values: [{ n: 1 }, { n: 2 }], error: undefined });
  });

  it('a 2xx answer with no content type is read as an event stream', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, {}); // no content-type header at all
      res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.untyped' });
    expect(await drain(stream)).toEqual({ values: [{ n: 1 }], error: undefined });
  });

  it('a 2xx answer that is not an event stream is a StreamError naming the content type and the operation', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    });
    const err = (await rejectionOf(requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.html' }))) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.message).toContain('text/html');
    expect(err.message).toContain('proxy login');
    expect(err.operation).toBe('test.html');
  });

  it('a 204 (no body) answer to a stream request is a StreamError naming the operation, not an empty stream', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const err = (await rejectionOf(requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.nobody' }))) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.operation).toBe('test.nobody');
    expect(err.message).toMatch(/no body/);
  });

  it('a mid-stream error event: message cut at 600 characters, whole payload on event, operation named', async () => {
    const long = 'overloaded '.repeat(200);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: {"n":1}\n\nevent: error\ndata: ${JSON.stringify({ message: long })}\n\n`);
    });
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'test.err' });
    const { values, error } = await drain(stream);
    expect(values).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(StreamError);
    const err = error as StreamError;
    expect(err.message.length).toBeLessThanOrEqual(600);
    expect(err.message).toContain('overloaded');
    expect(err.event).toEqual({ message: long });
    expect(err.operation).toBe('test.err');
  });

  it("a custom decoder's StreamError keeps the operation it names", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"n":1}\n\ndata: {"n":2}\n\n');
    });
    const decode = (e: { data: string }) => {
      const v = JSON.parse(e.data) as { n: number };
      if (v.n === 2) throw new StreamError('inner failed', { operation: 'inner.op', event: v });
      return v;
    };
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', operation: 'outer.op', decode });
    const { values, error } = await drain(stream);
    expect(values).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).operation).toBe('inner.op');
    expect((error as StreamError).event).toEqual({ n: 2 });
  });
});
