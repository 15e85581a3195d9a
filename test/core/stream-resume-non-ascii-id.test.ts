/**
 * `resume: true` with an event id outside ASCII (docs/core.md "Streams"): the reconnect sends
 * `Last-Event-ID` as the id's UTF-8 bytes (WHATWG HTML, server-sent events: "the last event ID
 * string, encoded as UTF-8"). Before, the id went into the header as a JavaScript string, which a
 * header cannot carry past U+00FF: the resume failed (fetch: a ConnectionError quoting its
 * ByteString TypeError; undici: an InvalidRequestError) and the rest of the stream was lost.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream } from '../../src/index.js';
import { delay, DROP_GRACE_MS, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();
const ID = 'café-😀-7';

describe.each(TRANSPORTS)('resume with a non-ASCII event id over %s', (_name, makeTransport) => {
  it('reconnects with Last-Event-ID as the id in UTF-8, and the stream goes on', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      if (server.count('/ids') === 1) {
        await write(res, `id: ${ID}\ndata: {"n":1}\n\n`);
        await delay(DROP_GRACE_MS);
        return void res.socket?.destroy();
      }
      res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 2, initialDelayMs: 1, jitter: 0 } });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/ids', operation: 'test.resume', resume: true });
    const values: number[] = [];
    for await (const v of stream) values.push(v.n);
    expect(values).toEqual([1, 2]);
    // node:http reads header bytes as latin1: back to the bytes, then UTF-8
    const sent = server.requests[1]?.headers['last-event-id'];
    expect(typeof sent === 'string' ? Buffer.from(sent, 'latin1').toString('utf8') : sent).toBe(ID);
  });
});
