/**
 * Two `next()` calls on a stream's iterator without awaiting the first (legal under the async
 * iterator protocol; an async generator queues them). The SSE source runs both reads at once:
 * - the idle timer serves one pending read (`#waiting`): the second read overwrites it and the first
 *   read's `finally` clears it, so the second read is never timed out (idleTimeoutMs ignored: it
 *   waits for the call deadline while holding the socket);
 * - a read that gets a chunk without an event (a keep-alive comment) reads again, so a later call
 *   takes the next event first: the values come out of order.
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError, createClient, requestStream } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, within } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('concurrent next() over %s', (_name, makeTransport) => {
  it('idleTimeoutMs still fails the second of two concurrent next() calls when the server goes silent', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      await delay(60);
      await write(res, 'data: {"n":2}\n\n');
      // then silence, connection held open
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 60_000 });
    // the second event (60 ms after the first) must beat the idle limit: room for a loaded machine
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/s', operation: 'test.s', idleTimeoutMs: 1000 });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const second = it.next();
    const third = it.next();
    expect(await second).toEqual({ value: { n: 2 }, done: false });
    // the third read waits for data that never comes: it must fail at the idle limit (1 s), not at the 60 s deadline
    const err = await within(third.then(() => 'resolved', (e: unknown) => e), 5000, 'idle timeout of the third next()').catch((e: unknown) => e);
    stream.abort();
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toMatch(/no data between two events/);
  });

  it('two concurrent next() calls get the values in order even when a keep-alive comment arrives first', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      await delay(60);
      await write(res, ': keep-alive\n\n');
      await delay(60);
      await write(res, 'data: {"n":2}\n\n');
      await delay(60);
      await write(res, 'data: {"n":3}\n\n');
      await delay(60);
      res.end('data: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/s', operation: 'test.s' });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const [a, b] = await within(Promise.all([it.next(), it.next()]), 5000, 'two next() calls');
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect([a.value, b.value]).toEqual([{ n: 2 }, { n: 3 }]);
  });
});
