/**
 * A stream stopped while a read waits for the network, under an idle limit, a first-event limit and
 * a long deadline (docs/core.md "Streams": "`break`, `stream.abort()` or your signal cancels the
 * HTTP body"): by `stream.abort()`, the iterator's `return()` (what `break` calls), the call's
 * signal, or `stream.abort()` while `forEach` waits. Each time the pending read settles, the
 * server sees the connection close, no timer of the SDK is left pending (none holds the process
 * for the idle limit or the deadline) and nothing is rejected unhandled.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, createClient, requestStream, type Stream } from '../../src/index.js';
import { startTestServerPerTest, write } from '../helpers/test-server.js';
import { SEES_TIMERS, timersCreatedBy } from './_timers.js';
import { unhandledDuring } from './_held.js';
import { API_KEY, TRANSPORTS, closeWatcher, within } from './_support.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

type Stop = 'abort()' | 'return()' | 'signal' | 'forEach + abort()';
const STOPS: Stop[] = ['abort()', 'return()', 'signal', 'forEach + abort()'];

describe.each(TRANSPORTS)('a stream stopped while a read waits over %s', (_name, makeTransport) => {
  it.each(STOPS)('%s: the read settles, the socket closes, no timer is left, nothing unhandled', async (stop) => {
    const server = await startServer(async (req, res) => {
      closes.watch(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n'); // then silence
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 600_000 });
    const controller = new AbortController();
    let outcome: unknown;
    const unhandled = await unhandledDuring(async () => {
      const timers = await timersCreatedBy(async () => {
        const stream: Stream<{ n: number }> = await requestStream(client, { method: 'GET', path: '/s', operation: 'test.stop', idleTimeoutMs: 300_000, firstEventTimeoutMs: 300_000 }, { signal: controller.signal });
        let reading: Promise<unknown>;
        let stopNow: () => unknown;
        if (stop === 'forEach + abort()') {
          reading = stream.forEach(() => undefined);
          stopNow = () => stream.abort();
        } else {
          const it = stream[Symbol.asyncIterator]();
          expect((await it.next()).value).toEqual({ n: 1 });
          reading = it.next();
          stopNow = stop === 'abort()' ? () => stream.abort() : stop === 'return()' ? () => it.return!() : () => controller.abort();
        }
        // the read is waiting once the server has written its event and gone quiet
        await new Promise((r) => setTimeout(r, 50));
        stopNow();
        outcome = await within(
          reading.then(
            (v) => v,
            (e: unknown) => e,
          ),
          3000,
          'the pending read settling',
        );
        await within(closes.closed(server.requests[0]!.index), 3000, 'the server seeing the connection close');
      });
      if (SEES_TIMERS) expect(timers.filter((t) => !t.timer._destroyed && t.timer._idleTimeout > 60_000).map((t) => t.delayMs)).toEqual([]);
    });
    expect(unhandled).toEqual([]);
    if (stop === 'signal') expect(outcome).toBeInstanceOf(AbortError);
    else if (stop !== 'forEach + abort()') expect(outcome).toEqual({ value: undefined, done: true });
  });
});
