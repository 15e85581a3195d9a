/**
 * Stream edges (src/core/stream.ts): toReadableStream() cancelled before its first
 * read, the first-event limit under keep-alive comments, and forEach's own callback error.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { StreamError, TimeoutError, createClient, requestStream, type ClientOptions, type StreamSpec } from '../../src/index.js';
import { delay, write, type TestServer, startTestServerPerTest, sseForever } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, within, closeWatcher } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;
const Tok = z.object({ n: z.number() });
type TokT = { n: number };
const closes = closeWatcher();

async function streamServer(): Promise<TestServer> {
  return startServer(async (req, res) => {
    closes.watch(req, res);
    switch (req.path) {
      case '/forever':
        return sseForever(res);
      case '/comments-then-event': {
        // keep-alive comments every 50 ms for 2 s, and only then the first event
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        for (let i = 0; i < 40 && !res.destroyed; i++) {
          await write(res, ': keep-alive\n\n');
          await delay(50);
        }
        if (!res.destroyed) res.end('data: {"n":1}\n\n');
        return;
      }
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"no route"}');
    }
  });
}

async function collect<T>(stream: AsyncIterable<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for await (const v of stream) values.push(v);
  } catch (error) {
    return { values, error: leaks.error(error) };
  }
  return { values, error: undefined };
}

describe.each(TRANSPORTS)('stream edges over %s', (_name, makeTransport) => {
  function client(extra: Partial<ClientOptions> = {}) {
    return createClient({ baseURL: server!.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 5 }, ...extra });
  }
  const spec = (path: string, extra: Partial<StreamSpec<TokT>> = {}): StreamSpec<TokT> => ({ method: 'GET', path, schema: Tok, operation: 'test.stream', ...extra });

  it('toReadableStream() cancelled before it was read cancels the HTTP body', async () => {
    server = await streamServer();
    const stream = await requestStream(client(), spec('/forever'));
    const rs = stream.toReadableStream();
    await rs.cancel();
    await within(closes.closed(server.requests[0]!.index), 3000, 'server-side close after cancelling toReadableStream()');
  });

  it('firstEventTimeoutMs bounds the wait for the first event even when the server sends keep-alive comments', async () => {
    server = await streamServer();
    let error: unknown;
    try {
      await within(requestStream(client(), spec('/comments-then-event', { firstEventTimeoutMs: 200 })), 10_000, 'requestStream settling');
    } catch (err) {
      error = leaks.error(err);
    }
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('forEach(): a callback that throws a StreamError rejects with that very error', async () => {
    server = await streamServer();
    const stream = await requestStream(client(), spec('/forever'));
    const mine = new StreamError('my own nested stream failed');
    let error: unknown;
    try {
      await stream.forEach((v) => {
        if (v.n === 2) throw mine;
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBe(mine);
  });
});

