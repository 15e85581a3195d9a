/**
 * `resume: true` (docs/core.md "Streams"): after a mid-stream drop the stream reconnects with
 * `Last-Event-ID`, each reconnect a retry under the policy (`onRetry` sees it, numbered from 1).
 * - The position is the last id the server sent, on any connection: a resumed connection whose
 *   events carry no id keeps the position, so a second drop resumes from it again (WHATWG: the
 *   last event ID buffer survives a reconnection).
 * - The reconnect asks for an event stream (`Accept: text/event-stream`) like the first request.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, requestStream, type RetryEvent } from '../../src/index.js';
import { delay, DROP_GRACE_MS, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('resume position over %s', (_name, makeTransport) => {
  it('a resumed connection without ids keeps the last id: a second drop resumes from it again', async () => {
    const server = await startServer(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      const n = server.count('/ids');
      if (n === 1) await write(res, 'id: 7\ndata: {"n":1}\n\n');
      else if (n === 2) await write(res, 'data: {"n":2}\n\n'); // no id on this connection
      else return void res.end('data: {"n":3}\n\ndata: [DONE]\n\n');
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
    });
    const events: RetryEvent[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 3, initialDelayMs: 1, jitter: 0 }, onRetry: (e) => events.push(e) });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/ids', operation: 'test.resume', resume: true });
    const values: number[] = [];
    for await (const v of stream) values.push(v.n);
    expect(values).toEqual([1, 2, 3]);
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual([undefined, '7', '7']);
    // every reconnect asks for an event stream
    expect(server.requests.map((r) => r.headers.accept)).toEqual(['text/event-stream', 'text/event-stream', 'text/event-stream']);
    // each reconnect is a retry the hook sees, numbered in order, with the drop as its error
    expect(events.map((e) => ({ operation: e.operation, attempt: e.attempt }))).toEqual([
      { operation: 'test.resume', attempt: 1 },
      { operation: 'test.resume', attempt: 2 },
    ]);
    expect(events.every((e) => e.error instanceof ConnectionError)).toBe(true);
  });
});
