/**
 * An abort that lands once the server has sent the whole body, before the stream read its end,
 * still ends the stream (src/core/stream.ts): Node 20's fetch answers no read of such a body after
 * the abort (the read neither resolves nor rejects), so the stream must not read again once the
 * call was aborted. Found by the chaos suite (test/openai/chaos.test.ts, CHAOS_SEED=12 CHAOS_CASE=2:
 * a `forEach` whose callback aborted on the last chunk never settled).
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortError, createClient, requestStream } from '../../src/index.js';
import { startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, rejectionOf, TRANSPORTS, within } from './_support.js';

const startServer = startTestServerPerTest();

/** Three events a turn apart, the last one written with [DONE] and the end of the body. */
const threeEvents = () =>
  startServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    await write(res, 'data: {"n":1}\n\n');
    await new Promise((r) => setImmediate(r));
    await write(res, 'data: {"n":2}\n\n');
    await new Promise((r) => setImmediate(r));
    res.end('data: {"n":3}\n\ndata: [DONE]\n\n');
  });

describe.each(TRANSPORTS)('a stream aborted after its body ended (%s)', (_name, makeTransport) => {
  it('forEach rejects with the AbortError when its callback aborts on the last value', async () => {
    const server = await threeEvents();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const controller = new AbortController();
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/sse', operation: 'test.abortLast' }, { signal: controller.signal });
    const seen: number[] = [];
    const done = stream.forEach((v) => {
      seen.push(v.n);
      if (v.n === 3) controller.abort();
    });
    const err = await within(rejectionOf(done), 2000, 'forEach after the abort');
    expect(err).toBeInstanceOf(AbortError);
    expect(seen).toEqual([1, 2, 3]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
