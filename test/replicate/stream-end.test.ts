/**
 * streamPrediction's end (src/replicate/stream.ts): abort() while a read waits cancels the body, a
 * stream that ended at its done event keeps the keep-alive connection, and a body that ends before
 * done is a drop (resumed from the last id, else a StreamError), never a quiet end.
 */
import { describe, expect, it } from 'vitest';
import { createClient, StreamError, type ClientOptions } from '../../src/index.js';
import { streamPrediction } from '../../src/replicate/index.js';
import { delay, write, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, within, closeWatcher } from '../core/_support.js';

const startServer = startTestServerPerTest();
let server: TestServer | undefined;
const closes = closeWatcher();

async function replicateServer(): Promise<TestServer> {
  return startServer(async (req, res) => {
    closes.watch(req, res);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    if (req.path === '/stream/stall') {
      await write(res, 'event: output\nid: 1\ndata: first\n\n');
      return; // then silence
    }
    if (req.path === '/stream/cut') {
      // the body ends cleanly after the first event, without done; a reconnect from id 1 gets the rest
      if (req.headers['last-event-id'] === '1') await write(res, 'event: output\nid: 2\ndata: b\n\nevent: done\ndata: {}\n\n');
      else await write(res, 'event: output\nid: 1\ndata: a\n\n');
      res.end();
      return;
    }
    if (req.path === '/stream/cut-no-id') {
      await write(res, 'event: output\ndata: a\n\n');
      res.end();
      return;
    }
    if (req.path === '/stream/done') {
      await write(res, 'event: output\nid: 1\ndata: a\n\n');
      await write(res, 'event: done\ndata: {}\n\n');
      await delay(30);
      res.end();
      return;
    }
  });
}

describe.each(TRANSPORTS)('streamPrediction ends at done over %s', (_name, makeTransport) => {
  function client(extra: Partial<ClientOptions> = {}) {
    return createClient({ baseURL: server!.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 5 }, ...extra });
  }

  it('stream.abort() while the loop waits for the next event cancels the HTTP body and ends the loop', async () => {
    server = await replicateServer();
    const stream = await streamPrediction(client(), `${server.url}/stream/stall`);
    const seen: string[] = [];
    const loop = (async () => {
      for await (const e of stream) if (e.type === 'output') seen.push(e.data);
    })();
    loop.catch(() => undefined); // (a leftover rejection after the server closes must not be unhandled)
    await delay(50); // the loop now waits on the silent body
    stream.abort();
    await within(closes.closed(server.requests[0]!.index), 3000, 'server-side close after abort()');
    await within(loop, 3000, 'the loop ending after abort()');
    expect(seen).toEqual(['first']);
  });

  it('a body that ends cleanly before done is a drop: resumed from the last id, each event once', async () => {
    server = await replicateServer();
    const events: string[] = [];
    for await (const e of await streamPrediction(client(), `${server.url}/stream/cut`)) events.push(e.type === 'output' ? e.data : e.type);
    expect(events).toEqual(['a', 'b', 'done']);
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual([undefined, '1']);
  });

  it('a body that ends cleanly before done, with no id to resume from: StreamError after the events it had, not a quiet end', async () => {
    server = await replicateServer();
    const events: string[] = [];
    const error = await (async () => {
      for await (const e of await streamPrediction(client(), `${server!.url}/stream/cut-no-id`)) events.push(e.type === 'output' ? e.data : e.type);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(events).toEqual(['a']);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/body ended before the last event/);
    expect(server.requests).toHaveLength(1);
  });

  it('a stream that ended with its done event (the body then ends) keeps the keep-alive connection, like [DONE]', async () => {
    server = await replicateServer();
    const c = client();
    for (let i = 0; i < 2; i++) {
      const events = [];
      for await (const e of await streamPrediction(c, `${server.url}/stream/done`)) events.push(e.type);
      expect(events).toEqual(['output', 'done']);
      await within(closes.closed(server.requests[i]!.index), 5000, 'response finished');
      await delay(300); // time for the client to read the end of the body (a cut connection is closed at once)
    }
    expect(server.requests[1]!.connectionId).toBe(server.requests[0]!.connectionId);
  });
});
