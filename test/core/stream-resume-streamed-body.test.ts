/**
 * A `resume: true` stream whose request body is a ReadableStream (`rawBody.data`) is not resumed:
 * such a body is read once and cannot be sent again (the retry policy never repeats one either).
 * The reconnect used to send it anyway: fetch failed with a ConnectionError about a "disturbed or
 * locked" body, and undici sent the request again with an empty body, a request other than the
 * one whose stream it resumed. The drop now surfaces as the StreamError it is, with no reconnect.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { delay, DROP_GRACE_MS, sse, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('a resumable stream with a streamed request body over %s', (_name, makeTransport) => {
  it('is not reconnected after a drop: the drop surfaces as a StreamError', async () => {
    const server = await startServer(async (req, res) => {
      if (req.headers['last-event-id'] !== undefined) return sse(res, ['[DONE]']);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'id: 1\ndata: {"n":1}\n\n');
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1 }, idempotencyHeader: 'idempotency-key' });
    const data = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"prompt":"hi"}'));
        controller.close();
      },
    });
    const stream = await requestStream(client, { method: 'POST', path: '/generate', operation: 'test.resume', resume: true, rawBody: { data, contentType: 'application/json' } }, { idempotencyKey: 'key-1' });
    const values: unknown[] = [];
    let error: unknown;
    try {
      for await (const v of stream) values.push(v);
    } catch (err) {
      error = err;
    }
    expect(server.requests.map((r) => r.text())).toEqual(['{"prompt":"hi"}']);
    expect(values).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(StreamError);
  });
});
