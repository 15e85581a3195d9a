/**
 * `next()` called while another `next()` still reads waits for it (docs/core.md "Streams": one read
 * at a time, values in order). Beyond two calls: a call made while the first read failed gets the
 * end of the stream (an iterator result, not `undefined`), and of three calls made at once each
 * waits for the one before it: the one left waiting for data is the one the idle limit fails. A
 * call made while earlier ones still wait gets its value after theirs, not before (it used to wait
 * only for the read in progress, so it could pass the calls queued behind that read).
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError, createClient, requestStream } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, within } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('concurrent next() over %s', (_name, makeTransport) => {
  it('when the read a next() waits for fails, that next() gets the end of the stream', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      // then silence, connection held open
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 60_000 });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/s', operation: 'test.s', idleTimeoutMs: 100 });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const first = it.next().then(
      () => 'resolved',
      (e: unknown) => e,
    );
    const second = it.next();
    expect(await within(first, 5000, 'the idle timeout of the first next()')).toBeInstanceOf(TimeoutError);
    expect(await within(second, 5000, 'the second next()')).toEqual({ value: undefined, done: true });
  });

  it('of three next() calls made at once, the one left waiting when the server goes silent times out, and the one after it gets the end', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      await delay(30);
      await write(res, 'data: {"n":2}\n\n');
      // then silence, connection held open
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 60_000 });
    // the second event (30 ms after the first) must beat the idle limit: room for a loaded machine
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/s', operation: 'test.s', idleTimeoutMs: 500 });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const settled = (p: Promise<unknown>) => p.then((r) => r, (e: unknown) => e);
    const [a, b, c] = await within(Promise.all([settled(it.next()), settled(it.next()), settled(it.next())]), 5000, 'three next() calls');
    expect(a).toEqual({ value: { n: 2 }, done: false });
    expect(b).toBeInstanceOf(TimeoutError);
    expect(c).toEqual({ value: undefined, done: true });
  });
  it('a next() made while two earlier ones wait gets the value after theirs', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      for (let n = 1; n <= 5; n++) {
        await write(res, `data: {"n":${n}}\n\n`);
        await delay(40);
      }
      res.end('data: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 60_000 });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/s', operation: 'test.s' });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const a = it.next();
    const b = it.next();
    const c = it.next();
    expect(await a).toEqual({ value: { n: 2 }, done: false });
    // b is reading now, c waits for it: d must wait for c too
    const d = it.next();
    const [rb, rc, rd] = await within(Promise.all([b, c, d]), 5000, 'the next() calls');
    expect([rb.value, rc.value, rd.value]).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
  });
});
