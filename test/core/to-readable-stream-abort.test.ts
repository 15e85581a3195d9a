/**
 * `toReadableStream()` of a stream the program stops with `abort()` (an edge handler giving up on
 * its upstream) ends with `event: error` (an AbortError), not with `data: [DONE]`: the client must
 * not read a cut-off answer as a complete one. The HTTP body is cancelled all the same.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError, type Stream } from '../../src/index.js';
import { sseForever, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, drain, within } from './_support.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

/** The rest of what `reader` gives, as text. */
async function rest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
  return text;
}

describe.each(TRANSPORTS)('toReadableStream() of an aborted stream over %s', (_name, makeTransport) => {
  for (const pending of [false, true]) {
    it(`abort()${pending ? ' with a read pending' : ' between reads'}: event: error, no [DONE], the HTTP body cancelled`, async () => {
      const server = await startServer((req, res) => {
        closes.watch(req, res);
        return sseForever(res);
      });
      const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
      const stream: Stream<unknown> = await requestStream(client, { method: 'GET', path: '/events', operation: 'test.proxy' });
      const reader = stream.toReadableStream().getReader();
      expect((await reader.read()).done).toBe(false);
      const read = pending ? reader.read() : undefined;
      stream.abort();
      let text = '';
      if (read) {
        const r = await read;
        if (!r.done) text += new TextDecoder().decode(r.value);
      }
      text += await rest(reader);
      expect(text).not.toContain('[DONE]');
      expect(text).toMatch(/event: error\ndata: .*"code":"aborted"/);
      await within(closes.closed(server.requests[0]!.index), 3000, 'server-side close after abort()');
    });
  }

  it('a client reading it with requestStream gets an error, not a clean end', async () => {
    const upstream = await startServer((_req, res) => sseForever(res));
    const client = createClient({ baseURL: upstream.url, apiKey: API_KEY, transport: makeTransport() });
    const proxy = await startServer(async (_req, res) => {
      const stream = await requestStream(client, { method: 'GET', path: '/events', operation: 'test.proxy' });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const reader = stream.toReadableStream().getReader();
      let sent = 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        res.write(r.value);
        if (++sent === 2) stream.abort(); // the handler gives up on its upstream
      }
      res.end();
    });
    const downstream = createClient({ baseURL: proxy.url, apiKey: API_KEY, transport: makeTransport() });
    const { values, error } = await drain(await requestStream(downstream, { method: 'GET', path: '/proxy', operation: 'test.client' }));
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(error).toBeInstanceOf(StreamError);
  });
});
