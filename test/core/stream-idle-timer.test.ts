/**
 * Soak audit: a stream stopped by `stream.abort()` from inside its `forEach` callback (documented:
 * "after an abort or stream.abort() no further value is handed over") must not leave its idle
 * timer behind. Today the source reads once more after close() and arms a fresh idle timer that
 * close() never clears: a ref'd Timeout per stopped stream, kept for the whole `idleTimeoutMs`
 * (it holds the stream source and keeps the process from exiting for that long).
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, requestStream } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TRANSPORTS } from './_support.js';
import { type NodeTimeout, timersCreatedBy } from './_timers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The timers `work` created that are still pending afterwards with a delay over `minMs`. */
const pendingTimersOf = async (work: () => Promise<void>, minMs: number): Promise<NodeTimeout[]> =>
  (await timersCreatedBy(work)).map((t) => t.timer).filter((t) => !t._destroyed && t._idleTimeout > minMs);

describe.each(TRANSPORTS)('stream idle timer over %s', (_name, makeTransport) => {
  it('stream.abort() inside forEach leaves no idle timer behind', async () => {
    // event 0 at once; events 1 and 2 (one network chunk) only when the test asks for them, so
    // they reach forEach's callback straight from the parser while a read is in progress
    const more: Array<() => void> = [];
    server = await startTestServer((_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"i":0}\n\n');
      more.push(() => res.write('data: {"i":1}\n\ndata: {"i":2}\n\n'));
    });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false });
    const streams = 5;
    const pending = await pendingTimersOf(async () => {
      for (let k = 0; k < streams; k++) {
        const stream = await requestStream<{ i: number }>(client, { method: 'GET', path: '/sse', operation: 'test.sse', idleTimeoutMs: 600_000 });
        const seen: number[] = [];
        await stream.forEach((v) => {
          seen.push(v.i);
          if (v.i === 0) more[k]!();
          if (v.i === 1) stream.abort();
        });
        expect(seen).toEqual([0, 1]);
      }
    }, 60_000);
    // every stream is stopped: none of their 10-minute idle timers may still be pending (today: one
    // per stream, ref'd: it keeps the process alive for 10 minutes)
    expect(pending.map((t) => ({ delayMs: t._idleTimeout, ref: t.hasRef() }))).toEqual([]);
  });
});
