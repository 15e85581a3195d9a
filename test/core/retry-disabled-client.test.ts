/**
 * A client made with `retry: false` ("Retry settings, or `false` for none") retries nothing: not a
 * 503, and not a `resume: true` stream's reconnect either, which the retry policy judges outside
 * the retry middleware (docs/core.md, Streams: "each one a retry under the policy").
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError, StreamError, createClient, request, requestStream, type RetryEvent } from '../../src/index.js';
import { delay, DROP_GRACE_MS, json, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf, within } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('a client with retry: false over %s', (_name, makeTransport) => {
  it('does not retry a 503 on a GET', async () => {
    const server = await startServer((_req, res) => json(res, 503, { error: 'down' }));
    const events: RetryEvent[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false, onRetry: (e) => events.push(e) });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/r', operation: 'test.get' }));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(server.count('/r')).toBe(1);
    expect(events).toEqual([]);
  });

  it('does not reconnect a resumable stream after a drop', async () => {
    // one event with an id, then the socket drops; a reconnect would be answered with a clean end
    const server = await startServer(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.headers['last-event-id'] !== undefined) return void res.end('data: [DONE]\n\n');
      res.flushHeaders();
      await write(res, 'id: 1\ndata: {"n":1}\n\n');
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
    });
    const events: RetryEvent[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false, onRetry: (e) => events.push(e) });
    const stream = await requestStream(client, { method: 'GET', path: '/ids', operation: 'test.ids', resume: true });
    const values: unknown[] = [];
    const err = await within(
      rejectionOf(
        (async () => {
          for await (const v of stream) values.push(v);
        })(),
      ),
      10_000,
      'drain',
    );
    expect(values).toEqual([{ n: 1 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(server.count('/ids')).toBe(1);
    expect(events).toEqual([]);
  });
});
