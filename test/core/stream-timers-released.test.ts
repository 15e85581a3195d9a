/**
 * The timers of a stream (src/core/stream.ts): one idle timer serves every read and is cleared when
 * the stream ends, the call's deadline timer is released with it (DESIGN.md: "no leaked socket or
 * listener"; a pending ref'd timer keeps the process alive), and a read waiting for data waits on
 * that one timer instead of polling.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';
import { SEES_TIMERS, timersCreatedBy } from './_timers.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('stream timers over %s', (_name, makeTransport) => {
  it.skipIf(!SEES_TIMERS)('a stream read to its end leaves neither its idle timer nor its deadline timer pending', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      for (let n = 1; n <= 5; n++) {
        await write(res, `data: {"n":${n}}\n\n`);
        await delay(15);
      }
      res.end('data: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 900_000 });
    const seen: number[] = [];
    const timers = await timersCreatedBy(async () => {
      const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/five', operation: 'test.timers', idleTimeoutMs: 600_000 });
      for await (const v of stream) seen.push(v.n);
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const long = timers.filter((t) => t.delayMs > 60_000);
    expect(long.length).toBeGreaterThan(0); // the stream's timers were seen
    expect(long.filter((t) => !t.timer._destroyed).map((t) => t.delayMs)).toEqual([]);
  });

  it('a read waiting for data does not poll with short timers', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      await delay(200);
      res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const seen: number[] = [];
    const timers = await timersCreatedBy(async () => {
      const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/pause', operation: 'test.timers', idleTimeoutMs: 60_000 });
      for await (const v of stream) seen.push(v.n);
    });
    expect(seen).toEqual([1, 2]);
    // a generous bound: the SDK, the transport and the test server together create a handful
    expect(timers.filter((t) => t.delayMs <= 5).length).toBeLessThan(20);
  });
});
