/**
 * When a `resume: true` stream does not reconnect after a drop, and the drop surfaces as a
 * StreamError instead:
 * - the server sent no id: there is no position to resume from;
 * - an empty `id:` resets the last event id (WHATWG): a reconnect would carry no position, the
 *   server would replay from its start and the caller would see its events twice;
 * - a call with `retry: false` ("disables retries for this call") is not resumed either;
 * - a reconnect answered 200 with something other than an event stream is no resume (it would read
 *   as a quiet end of the stream).
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError, type CallOptions } from '../../src/index.js';
import { delay, DROP_GRACE_MS, json, startTestServerPerTest, write, type TestServer } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

/** A server that writes `frames`, then drops the connection; a reconnect (Last-Event-ID) gets `reconnect`. */
function dropAfter(frames: string, reconnect: 'sse' | 'json'): Promise<TestServer> {
  return startServer(async (req, res) => {
    if (req.headers['last-event-id'] !== undefined) {
      if (reconnect === 'json') return json(res, 200, { error: 'no stream here' });
      return void res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: [DONE]\n\n');
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    await write(res, frames);
    await delay(DROP_GRACE_MS);
    res.socket?.destroy();
  });
}

describe.each(TRANSPORTS)('a resumable stream that is not resumed over %s', (_name, makeTransport) => {
  /** Reads the stream of one call to its end: the values, the error it ended with, the reconnects (requests with `Last-Event-ID`). */
  async function read(server: TestServer, options?: CallOptions): Promise<{ values: unknown[]; err: unknown; reconnects: number }> {
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 5 } });
    const stream = await requestStream(client, { method: 'GET', path: '/ids', operation: 'test.ids', resume: true }, options);
    const values: unknown[] = [];
    let err: unknown;
    try {
      for await (const v of stream) values.push(v);
    } catch (e) {
      err = e;
    }
    // a retried open (before the first event, allowed for any stream) is no reconnect
    return { values, err, reconnects: server.count((r) => r.path === '/ids' && r.headers['last-event-id'] !== undefined) };
  }

  it('without any id: no reconnect', async () => {
    const server = await dropAfter('data: {"n":1}\n\ndata: {"n":2}\n\n', 'sse');
    const { values, err, reconnects } = await read(server);
    expect(values).toEqual([{ n: 1 }, { n: 2 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(reconnects).toBe(0);
    expect(server.count('/ids')).toBe(1);
  });

  it('after an empty id: no reconnect without a position', async () => {
    const server = await dropAfter('id: 1\ndata: {"n":1}\n\nid:\ndata: {"n":2}\n\n', 'sse'); // the second event resets the id
    const { values, err, reconnects } = await read(server);
    expect(values).toEqual([{ n: 1 }, { n: 2 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(reconnects).toBe(0);
  });

  it('in a call with retry: false: no reconnect', async () => {
    const server = await dropAfter('id: 1\ndata: {"n":1}\n\n', 'sse');
    const { values, err, reconnects } = await read(server, { retry: false });
    expect(values).toEqual([{ n: 1 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(reconnects).toBe(0);
  });

  it('when the reconnect answers with JSON: a StreamError, not a quiet end', async () => {
    const server = await dropAfter('id: 1\ndata: {"n":1}\n\n', 'json');
    const { values, err, reconnects } = await read(server);
    expect(values).toEqual([{ n: 1 }]);
    expect(err).toBeInstanceOf(StreamError);
    expect(reconnects).toBe(1);
  });

  it('control: a reconnect answered with an event stream resumes and ends cleanly', async () => {
    const server = await dropAfter('id: 1\ndata: {"n":1}\n\n', 'sse');
    const { values, err, reconnects } = await read(server);
    expect(values).toEqual([{ n: 1 }]);
    expect(err).toBeUndefined();
    expect(reconnects).toBe(1);
  });
});
