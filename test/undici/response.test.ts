/**
 * The undici transport's body stream (src/undici/response.ts): a connection that drops after data
 * arrived delivers that data before the error.
 */
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { createClient, request, requestStream } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { delay, write, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY } from '../core/_support.js';

const startServer = startTestServerPerTest();

describe('undici body stream', () => {
  it('a server that closes abruptly right after [DONE]: the values and [DONE] that arrived are not lost (slow consumer)', async () => {
    const server = await startServer(async (_req, res) => {
      // the first event alone, then the rest with [DONE] and an abrupt close (no chunked terminator)
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: {"n":1}\n\n');
      await delay(20);
      await write(res, 'data: {"n":2}\n\ndata: {"n":3}\n\ndata: [DONE]\n\n');
      await delay(20);
      res.socket?.destroy();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: undiciTransport() });
    const stream = await requestStream(client, { method: 'GET', path: '/s', schema: z.object({ n: z.number() }), operation: 'test.stream' });
    await delay(200); // the rest of the body (and the reset) arrives before the consumer reads on
    const values: { n: number }[] = [];
    for await (const v of stream) values.push(v);
    expect(values).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('an abort fails the body at once, even with data queued', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, 'data: 1\n\n'); // then silence
    });
    const controller = new AbortController();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: undiciTransport() });
    const err = await request(
      client,
      {
        method: 'GET',
        path: '/s',
        operation: 'test.body',
        parse: async (res) => {
          const reader = res.body!.getReader();
          await delay(100); // the first chunk is queued, unread
          controller.abort();
          return reader.read();
        },
      },
      { signal: controller.signal },
    ).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
  });
});

describe('undici body read whole', () => {
  it('arrayBuffer() of a large body is the joined chunks themselves, not one more copy of them', async () => {
    const sent = Buffer.alloc(1 << 20);
    for (let i = 0; i < sent.length; i++) sent[i] = i % 251;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(sent);
    });
    const res = await undiciTransport()({ method: 'GET', url: `${server.url}/big`, headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.big', attempt: 1 });
    await delay(50); // the whole body has arrived, in many chunks
    const slice = vi.spyOn(ArrayBuffer.prototype, 'slice');
    let body: ArrayBuffer;
    let slices: number;
    try {
      body = await res.arrayBuffer();
    } finally {
      slices = slice.mock.calls.length;
      slice.mockRestore();
    }
    // a 1 MiB body is copied once (its chunks joined), as a raw undici body.arrayBuffer() does;
    // slicing the joined buffer made a second copy and held both at once
    expect(slices).toBe(0);
    expect(body.byteLength).toBe(sent.length);
    expect(Buffer.from(body).equals(sent)).toBe(true);
  });
});
