/**
 * Audit 8: `firstEventTimeoutMs` ("Longest wait for the first event (default: the call deadline)",
 * StreamSpec TSDoc in src/core/stream.ts) only starts once the response headers have arrived. A
 * server that sends its headers together with the first event (Go/gin servers such as Ollama
 * write nothing until the model produced its first token; buffering proxies do the same) or that
 * never answers is bounded only by the whole call deadline: the first-event limit never fires.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, TimeoutError } from '../../src/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
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
    // today: 4000, the call deadline; the first-event limit never applied
    expect(err.timeoutMs).toBe(200);
    expect(server.count('/slow-headers')).toBe(1); // a timeout is not retried
    await within(closes.closed(server.requests[0]!.index), 5000, 'server-side close after the first-event timeout');
  });
});
