/**
 * The undici transport's own limits (src/undici/index.ts, response.ts; docs/core.md, Transports):
 * headers/body timeouts are the call's remaining deadline (a call well within it succeeds),
 * millisecond options may be fractions, and a streamed body that nobody reads stops the transfer
 * (the socket is paused once 64 KiB are queued) instead of buffering the whole body in memory.
 */
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { within } from '../core/_support.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

const wire = (url: string, extra: Partial<WireRequest> = {}): WireRequest => wireRequest(url, 'test.undici-limits', extra);

describe('undiciTransport limits', () => {
  // undici checks its timers about once a second, so a headers timeout cut short (e.g. to 1 ms)
  // shows only on a response slower than that
  it('a response that takes over a second, well within the remaining deadline, succeeds (headers and body)', async () => {
    const server = await startServer(async (_req, res) => {
      await delay(1500);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      await delay(50);
      res.end('late but in time');
    });
    const res = await undiciTransport()(wire(`${server.url}/slow`, { timeoutMs: 10_000 }));
    expect(await res.text()).toBe('late but in time');
  });

  it('accepts fractional millisecond options (keepAliveTimeoutMs, connectTimeoutMs)', async () => {
    const server = await startServer((_req, res) => void res.end('ok'));
    const res = await undiciTransport({ keepAliveTimeoutMs: 1500.5, connectTimeoutMs: 2500.5 })(wire(`${server.url}/x`));
    expect(await res.text()).toBe('ok');
  });

  it('a streamed body nobody reads pauses the socket: the server cannot write the whole body', async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    let finished = false;
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 1);
      res.on('close', () => (finished = true));
      while (written < total && !finished) {
        written += chunk.length;
        await write(res, chunk); // resolves once the socket took it: never ahead of the client's reads
      }
      res.end();
    });
    const res = await undiciTransport()(wire(`${server.url}/big`));
    const reader = res.body!.getReader(); // the stream exists, nothing is read
    await delay(500); // ample time for 64 MiB over loopback if nothing held it back
    expect(written).toBeLessThan(total / 2); // socket buffers hold a few MiB at most; the rest waits
    // reading resumes the transfer to the end
    let received = 0;
    await within(
      (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read()) received += r.value.byteLength;
      })(),
      20_000,
      'the rest of the body',
    );
    expect(received).toBe(total);
  });

  it('a body nobody has asked for yet (no body, text() or arrayBuffer()) pauses the socket too; arrayBuffer() then reads it all', async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 1);
      let closed = false;
      res.on('close', () => (closed = true));
      while (written < total && !closed) {
        written += chunk.length;
        await write(res, chunk);
      }
      res.end();
    });
    // what a middleware or a caller of responseType 'response' holds before it reads (fetch pauses it too)
    const res = await undiciTransport()(wire(`${server.url}/big`));
    await delay(500); // ample time for 64 MiB over loopback if nothing held it back
    expect(written).toBeLessThan(total / 2);
    const bytes = await within(res.arrayBuffer(), 20_000, 'the whole body');
    expect(bytes.byteLength).toBe(total);
  });
});
