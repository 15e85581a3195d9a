/**
 * A `resume: true` stream whose reconnect is never answered (the server takes the request and
 * sends no headers):
 * - `abort()` (or `break`) while the reconnect waits ends it: the pending read settles and the
 *   reconnect's connection is closed. Stopping the stream had only stopped its deadline timer, so the
 *   request hung on, holding its socket, until the server or the transport gave up (never, with fetch).
 * - `idleTimeoutMs` bounds the wait for the reconnect like any silence between two events (from
 *   the start of the read that dropped): a `TimeoutError` of the idle limit, not a wait until the
 *   call's deadline, and the reconnect's connection is closed.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, TimeoutError, type Middleware, type Stream } from '../../src/index.js';
import { startTestServerPerTest, type TestServer } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, within } from './_support.js';
import { dropThenHangServer } from './_resume.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

// The idle limit counts from the read that drops, so it must outlast the server's 200 ms grace
// before the drop (DROP_GRACE_MS) plus the reconnect: with 300 ms a loaded machine timed out the
// first connection before any reconnect was made.
const IDLE_MS = 1_500;

const hungReconnectServer = (): Promise<TestServer> => dropThenHangServer(startServer, (req, res) => closes.watch(req, res));

describe.each(TRANSPORTS)('a reconnect that is never answered (%s)', (_name, makeTransport) => {
  it('abort() while it waits: the pending read settles and its connection is closed', async () => {
    const server = await hungReconnectServer();
    let stream: Stream<unknown> | undefined;
    // stops the stream once the reconnect has reached the server (no timing involved)
    const onReconnect: Middleware = (next) => (req) => {
      if (req.headers['last-event-id'] !== undefined) void server.waitForRequests(2).then(() => stream?.abort());
      return next(req);
    };
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 60_000, retry: { initialDelayMs: 1, jitter: 0 }, middleware: [onReconnect] });
    stream = await requestStream(client, { method: 'GET', path: '/events', operation: 'test.resume', resume: true });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ n: 1 });
    await within(it.next().then(() => undefined, () => undefined), 3000, 'the pending read settling after abort()');
    await within(closes.closed(1), 3000, "the reconnect's connection closing after abort()");
  });

  it('idleTimeoutMs bounds the wait: a TimeoutError of the idle limit, and its connection is closed', async () => {
    const server = await hungReconnectServer();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 60_000, retry: { initialDelayMs: 1, jitter: 0 } });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/events', operation: 'test.resume', resume: true, idleTimeoutMs: IDLE_MS });
    const values: number[] = [];
    let error: unknown;
    await within(
      (async () => {
        try {
          for await (const v of stream) values.push(v.n);
        } catch (err) {
          error = err;
        }
      })(),
      10_000,
      'the stream failing',
    );
    expect(values).toEqual([1]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(IDLE_MS);
    expect(server.count((r) => r.headers['last-event-id'] === '1')).toBe(1);
    await within(closes.closed(1), 3000, "the reconnect's connection closing after the idle timeout");
  });
});
