/**
 * A resume runs within the call's deadline (docs/core.md "Streams": "its backoff is not waited for
 * past the deadline"; "One deadline, one signal": it covers "a stream until its end"):
 * - a backoff that would pass the deadline is not waited for: no reconnect, the drop surfaces at
 *   once as a StreamError;
 * - a reconnect the server takes and never answers ends at the deadline with TimeoutError, and
 *   its connection is closed.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError, TimeoutError } from '../../src/index.js';
import { startTestServerPerTest, type TestServer } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, within, drain } from './_support.js';
import { dropThenHangServer } from './_resume.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

const dropThenHang = (): Promise<TestServer> => dropThenHangServer(startServer, (req, res) => closes.watch(req, res));

describe.each(TRANSPORTS)('resume and the call deadline over %s', (_name, makeTransport) => {
  it('a backoff past the deadline is not waited for: the drop surfaces as a StreamError, no reconnect', async () => {
    const server = await dropThenHang();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 600_000, maxDelayMs: 600_000, jitter: 0 } });
    const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'test.resume', resume: true }, { timeoutMs: 30_000 });
    const { values, error } = await within(drain(stream), 5000, 'the drop surfacing');
    expect(values).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(StreamError);
    expect(server.count('/s')).toBe(1);
  });

  it('a reconnect never answered ends at the deadline with TimeoutError and its connection is closed', async () => {
    const server = await dropThenHang();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1, jitter: 0 } });
    const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'test.resume', resume: true }, { timeoutMs: 1000 });
    const { values, error } = await within(drain(stream), 5000, 'the deadline ending the stream');
    expect(values).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(TimeoutError);
    // (its limit: the call's 1000 ms, or under Deno and Bun the undici transport's own headers
    // timeout, set to the time left, which may fire first with that time as its limit)
    expect(server.count((r) => r.headers['last-event-id'] === '1')).toBe(1);
    await within(closes.closed(1), 3000, "the reconnect's connection closing at the deadline");
  });
});
