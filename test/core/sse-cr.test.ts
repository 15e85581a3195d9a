/**
 * CR-only line ends (WHATWG `text/event-stream`: "lines must be separated by either a U+000D
 * CARRIAGE RETURN U+000A LINE FEED (CRLF) character pair, a single U+000A LINE FEED (LF) character,
 * or a single U+000D CARRIAGE RETURN (CR) character"; docs/core.md: "WHATWG rules: LF, CR or CRLF
 * line ends"). eventsource-parser holds back a CR that ends a chunk (it may be the first half of a
 * CRLF), and SSEReader never tells it that nothing follows, so:
 * - an event whose blank line is a final CR is lost when the body ends there;
 * - an event whose blank line is a CR at the end of a network chunk is not delivered until more
 *   bytes arrive: a server that then thinks for a while gets a first-event (or idle) timeout,
 *   although the whole event was received.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, requestStream, type StreamSpec } from '../../src/index.js';
import { write, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, within } from './_support.js';

const startServer = startTestServerPerTest();
const Tok = z.object({ n: z.number() });
const spec = (path: string, extra: Partial<StreamSpec<{ n: number }>> = {}): StreamSpec<{ n: number }> => ({ method: 'GET', path, schema: Tok, operation: 'test.cr', ...extra });
const closes = closeWatcher();

describe.each(TRANSPORTS)('SSE with CR-only line ends over %s', (_name, makeTransport) => {
  it('the last event of a body that ends with its CR blank line is delivered', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"n":1}\r\rdata: {"n":2}\r\r');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const values: unknown[] = [];
    for await (const v of await requestStream(client, spec('/cr'))) values.push(v);
    expect(values).toEqual([{ n: 1 }, { n: 2 }]); // before the fix: [{ n: 1 }], the second event was dropped
  });

  it('an event completed by a CR at the end of a network chunk is delivered without waiting for more bytes', async () => {
    const server = await startServer(async (req, res) => {
      closes.watch(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\r\r'); // a complete event, then the server thinks (never sends more here)
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    // the first event has fully arrived: requestStream must resolve, not time out waiting for the next byte
    const stream = await requestStream(client, spec('/cr-stall', { firstEventTimeoutMs: 1500 }));
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    await it.return!();
    await within(closes.closed(server.requests[0]!.index), 5000, 'server-side close after break');
  });
});
