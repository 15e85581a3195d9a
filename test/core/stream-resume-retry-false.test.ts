/**
 * A call with `retry: false` ("disables retries for this call") is not resumed either: a drop after
 * the first event surfaces as a StreamError, with no reconnect.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('resume with retry: false over %s', (_name, makeTransport) => {
  it('does not reconnect: the drop is a StreamError after one request', async () => {
    const server = await startServer(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      if (req.headers['last-event-id'] !== undefined) return void res.end('data: [DONE]\n\n');
      await write(res, 'id: 1\ndata: {"n":1}\n\n');
      await delay(20);
      res.socket?.destroy();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 5 } });
    const stream = await requestStream(client, { method: 'GET', path: '/ids', operation: 'test.ids', resume: true }, { retry: false });
    const values: unknown[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const v of stream) values.push(v);
      })(),
    );
    expect(values).toEqual([{ n: 1 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(server.count('/ids')).toBe(1);
  });
});
