/**
 * streamPrediction's end (src/replicate/stream.ts): abort() while a read waits cancels the body, and
 * a stream that ended at its done event keeps the keep-alive connection.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../../src/index.js';
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
