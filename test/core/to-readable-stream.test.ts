/**
 * `toReadableStream()` turns a failure into a final `event: error` and closes. When the
 * failure is its own (a value `JSON.stringify` cannot encode: a BigInt from a custom `decode`, a
 * cycle), the source stream was never stopped: the HTTP body stays open (and the call's deadline
 * timer keeps running) although the readable has ended. docs/core.md: "`break`, `stream.abort()`
 * or your signal cancels the HTTP body"; DESIGN.md: "no leaked socket or listener".
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream } from '../../src/index.js';
import { sseForever, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, within } from './_support.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

describe.each(TRANSPORTS)('toReadableStream() over %s', (_name, makeTransport) => {
  it('a value it cannot encode ends the readable with `event: error` and cancels the HTTP body', async () => {
    const server = await startServer((req, res) => {
      closes.watch(req, res);
      return sseForever(res);
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const stream = await requestStream(client, { method: 'GET', path: '/big', operation: 'test.big', decode: () => ({ n: 1n }) });
    const text = await new Response(stream.toReadableStream()).text();
    expect(text).toMatch(/^event: error\ndata: .*BigInt/);
    // before the fix the server never saw the client go away (the body stayed open until the deadline)
    await within(closes.closed(server.requests[0]!.index), 3000, 'server-side close after the readable ended');
  });
});
