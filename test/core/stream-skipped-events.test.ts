/**
 * Events the decoder skips (SKIP: a keep-alive `event: ping`, the TSDoc's own example) before the
 * first value are keep-alives, like comments (docs/core.md "Streams"): they are not the stream's
 * first event. requestStream() counted them as the first event, so a server sending ping events
 * defeated firstEventTimeoutMs (the call waited for its deadline), and a drop after a ping was no
 * longer retried as a failure before the first event but surfaced as a StreamError from the loop.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { SKIP, TimeoutError, createClient, defaultDecode, requestStream, type EventDecoder, type StreamSpec } from '../../src/index.js';
import { delay, write, startTestServerPerTest, DROP_GRACE_MS } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, within } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
const Tok = z.object({ n: z.number() });
type TokT = { n: number };
const decode: EventDecoder = (e) => (e.event === 'ping' ? SKIP : defaultDecode(e));
const spec = (extra: Partial<StreamSpec<TokT>> = {}): StreamSpec<TokT> => ({ method: 'GET', path: '/', schema: Tok, operation: 'test.ping', decode, ...extra });

describe.each(TRANSPORTS)('skipped events before the first value over %s', (_name, makeTransport) => {
  it('firstEventTimeoutMs bounds the wait for the first value while the server sends ping events', async () => {
    const server = await startServer(async (_req, res) => {
      // a ping event every 50 ms for 2 s, and only then the first value
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      for (let i = 0; i < 40 && !res.destroyed; i++) {
        await write(res, 'event: ping\ndata: {}\n\n');
        await delay(50);
      }
      if (!res.destroyed) res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    let error: unknown;
    try {
      const stream = await within(requestStream(client, spec({ firstEventTimeoutMs: 200 })), 10_000, 'requestStream settling');
      await within(stream[Symbol.asyncIterator]().next(), 10_000, 'the first value');
    } catch (err) {
      error = leaks.error(err);
    }
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('a GET stream dropped after a ping event, before its first value, is retried', async () => {
    const server = await startServer(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await write(res, 'event: ping\ndata: {}\n\n');
      if (req.index === 0) {
        await delay(DROP_GRACE_MS);
        res.socket?.destroy();
        return;
      }
      res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1 } });
    const values: TokT[] = [];
    for await (const v of await requestStream(client, spec())) values.push(v);
    expect(values).toEqual([{ n: 1 }]);
    expect(server.requests).toHaveLength(2);
  });

  it('a body of ping events alone, ended by [DONE], is an empty stream', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: ping\ndata: {}\n\nevent: ping\ndata: {}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const values: TokT[] = [];
    for await (const v of await requestStream(client, spec())) values.push(v);
    expect(values).toEqual([]);
  });
});
