/**
 * An empty `id:` resets the last event id (WHATWG): a reconnect would carry no position, so the
 * server would replay the stream from its start and the caller would see its events twice. A stream
 * whose last id is empty is not resumed: the drop surfaces as a StreamError.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('resume after an empty id over %s', (_name, makeTransport) => {
  it('is not attempted: no reconnect without a position, the drop is a StreamError', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'id: 1\ndata: {"n":1}\n\nid:\ndata: {"n":2}\n\n'); // the second event resets the id
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
    expect(values).toEqual([{ n: 1 }, { n: 2 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(server.count('/ids')).toBe(1);
  });
});
