/**
 * A reconnect (resume) answered 200 with a body that is not an event stream is no resume: the drop
 * surfaces as a StreamError instead of the stream ending quietly as if it were complete.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { delay, json, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('resume answered with JSON over %s', (_name, makeTransport) => {
  it('is a StreamError, not a quiet end', async () => {
    const server = await startServer(async (req, res) => {
      if (req.headers['last-event-id'] !== undefined) return json(res, 200, { error: 'no stream here' });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'id: 1\ndata: {"n":1}\n\n');
      await delay(20);
      res.socket?.destroy();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 5 } });
    const stream = await requestStream(client, { method: 'GET', path: '/ids', operation: 'test.ids', resume: true });
    const values: unknown[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const v of stream) values.push(v);
      })(),
    );
    expect(values).toEqual([{ n: 1 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(server.count('/ids')).toBe(2);
  });
});
