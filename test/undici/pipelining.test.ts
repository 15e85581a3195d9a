/**
 * `pipelining` > 1 must not queue a call behind an event stream: HTTP/1.1 answers in order, so a
 * request written on a stream's connection waits for the whole stream to end (until its own deadline
 * if the stream outlasts it), while the server is free. Seen from the server: the second request
 * arrives, on a connection of its own, while the stream is still open.
 */
import { describe, expect, it } from 'vitest';
import { createClient, request, requestStream } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe('undiciTransport pipelining', () => {
  it('does not pipeline a call behind an open event stream', async () => {
    const server = await startServer((req, res) => {
      if (req.path !== '/stream') return json(res, 200, { ok: true });
      // one event, then the stream stays open until the client lets go of it
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
    });
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ pipelining: 4 }), retry: false });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/stream', operation: 'test.stream' });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ n: 1 });
    // the stream's answer has begun: undici may now write further requests on its connection, whose
    // answers would come only after the stream's end (here: never, so at the call's deadline)
    const other = await request(client, { method: 'GET', path: '/other', operation: 'test.other' }, { timeoutMs: 3_000 }).catch((err: unknown) => err);
    expect(other).toEqual({ ok: true });
    expect(server.openResponses()).toBe(1); // the stream, still open
    const [streamReq, otherReq] = server.requests;
    expect(otherReq!.connectionId).not.toBe(streamReq!.connectionId);
    stream.abort();
  });

  it('keeps plain calls on one kept-alive connection', async () => {
    const server = await startServer((req, res) => json(res, 200, { n: req.index }));
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ pipelining: 4, connections: 1 }), retry: false });
    const got = await Promise.all(Array.from({ length: 4 }, () => request(client, { method: 'GET', path: '/p', operation: 'test.p' })));
    expect(got).toHaveLength(4);
    expect(server.connectionCount()).toBe(1);
  });

  // [method, answers open when it reached the server: its own, and /slow's when it was pipelined]
  it.each([
    ['GET', 2],
    ['POST', 1],
  ] as const)('a %s sent while an answer is under way is pipelined only when idempotent (%i answer(s) open as it arrives)', async (method, open) => {
    const openAt = new Map<string, number>();
    const server = await startServer(
      async (req, res) => {
        if (req.path !== '/slow') return json(res, 200, { path: req.path });
        // headers at once (undici pipelines nothing before them), the body once the next request
        // arrived, or after a while when it was not pipelined (it then waits for this body's end)
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        await server.waitForRequests(2, 500).catch(() => undefined);
        res.end('{}');
      },
      { onRequest: (r) => openAt.set(r.path, server.openResponses()) },
    );
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ pipelining: 4, connections: 1 }), retry: false });
    // resolves with /slow's headers, its body still to come
    const slow = await request(client, { method: 'GET', path: '/slow', operation: 'test.slow', responseType: 'response' });
    const next = request(client, { method, path: '/next', body: method === 'POST' ? {} : undefined, operation: 'test.next' });
    expect(await slow.text()).toBe('{}');
    expect(await next).toEqual({ path: '/next' });
    expect(server.connectionCount()).toBe(1);
    expect(openAt.get('/next')).toBe(open);
  });
});
