/**
 * `idleTimeoutMs` is the longest silence between two events, measured per read from the last data
 * that arrived (docs/core.md "Streams"). One timer serves every read: when it fires for an earlier
 * read while a later read has waited less than the limit, it must wait the rest, not fail it. A
 * server that sends an event every `limit / 10` never times out, however long the stream runs.
 * Before the first event the idle limit does not apply (`firstEventTimeoutMs` and the call deadline do).
 * Keep-alive comments are data that arrived: a server that sends only comments after its first
 * event, each within the limit, is not timed out by it (the call deadline ends such a stream).
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, TimeoutError } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('idle limit under steady events over %s', (_name, makeTransport) => {
  it('events arriving well within idleTimeoutMs, for many times the limit, never time out', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      for (let n = 1; n <= 20 && !res.destroyed; n++) {
        await write(res, `data: {"n":${n}}\n\n`);
        await delay(30);
      }
      res.end('data: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/steady', operation: 'test.steady', idleTimeoutMs: 300 });
    const seen: number[] = [];
    for await (const v of stream) seen.push(v.n); // a TimeoutError here fails the test
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('the idle limit does not apply before the first event: a slow first token is waited for', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await delay(400); // the headers came at once, the first event only after 4 idle limits
      res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/slow-first', operation: 'test.slow-first', idleTimeoutMs: 100 });
    const seen: number[] = [];
    for await (const v of stream) seen.push(v.n);
    expect(seen).toEqual([1]);
  });

  it('keep-alive comments within the limit keep it alive; the call deadline ends it', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      while (!res.destroyed) {
        await delay(30);
        await write(res, ': keep-alive\n\n');
      }
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/comments', operation: 'test.comments', idleTimeoutMs: 300 }, { timeoutMs: 1500 });
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const v of stream) seen.push(v.n);
    } catch (err) {
      error = err;
    }
    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1500);
  });
});
