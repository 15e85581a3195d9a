/**
 * `firstEventTimeoutMs` runs from the call's start to its first event. It also bounds the wait for
 * the response headers: a server that sends them together with its first event (Go/gin servers
 * such as Ollama write nothing until the model produced its first token; buffering proxies do the
 * same) or that never answers fails at the limit, not at the call deadline. Once the first event
 * arrived it no longer applies.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, TimeoutError } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, rejectionOf, within } from './_support.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

describe.each(TRANSPORTS)('firstEventTimeoutMs before the response headers over %s', (_name, makeTransport) => {
  it('a server that holds its headers fails at firstEventTimeoutMs, not at the call deadline, and the socket is released', async () => {
    const server = await startServer((req, res) => {
      closes.watch(req, res); // never answers: no headers, no event
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const err = (await rejectionOf(
      requestStream(client, { method: 'GET', path: '/slow-headers', operation: 'test.first', firstEventTimeoutMs: 200 }, { timeoutMs: 4000 }),
    )) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(200);
    expect(server.count('/slow-headers')).toBe(1); // a timeout is not retried
    await within(closes.closed(server.requests[0]!.index), 5000, 'server-side close after the first-event timeout');
  });

  it('runs from the call, not from each attempt: a backoff longer than the limit ends the call before the retry', async () => {
    const server = await startServer((req, res) => {
      if (server.count('/reset') === 1) return void res.socket?.destroy(); // a reset before the response: retried after the backoff
      closes.watch(req, res);
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1000, jitter: 0 } });
    const err = (await rejectionOf(
      requestStream(client, { method: 'GET', path: '/reset', operation: 'test.first', firstEventTimeoutMs: 200 }, { timeoutMs: 4000 }),
    )) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(200);
    expect(server.count('/reset')).toBe(1); // per attempt, the retry would have been sent after 1 s
  });

  it('no longer applies once the first event arrived: a later gap longer than the limit is fine', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await write(res, 'data: {"n":1}\n\n');
      await delay(1300); // past the limit from the call's start, whatever the first event took under load
      res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const stream = await requestStream(client, { method: 'GET', path: '/gap', operation: 'test.first', firstEventTimeoutMs: 1000 }); // room for a loaded machine's first event
    const values: unknown[] = [];
    for await (const v of stream) values.push(v);
    expect(values).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
