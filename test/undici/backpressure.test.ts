import { createHash } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createClient, request, type WireResponse } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { type TestServer, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
let server: TestServer | undefined;

/** 4 MiB of deterministic bytes, sent in 16 KiB writes that respect the socket's backpressure. */
const payload = Buffer.alloc(4 * 1024 * 1024);
for (let i = 0; i < payload.length; i++) payload[i] = (i * 2654435761) >>> 24;

describe('undici transport: streamed bodies under backpressure', () => {
  it('a slow reader gets every byte in order (the socket is paused and resumed, nothing is lost or repeated)', async () => {
    server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(payload.length) });
      for (let off = 0; off < payload.length; off += 16384) {
        if (!res.write(payload.subarray(off, off + 16384))) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    });
    const client = createClient({ baseURL: server.url, transport: undiciTransport() });
    const res = (await request(client, { method: 'GET', path: '/big', operation: 'test.big', responseType: 'response' })) as WireResponse;
    const reader = res.body!.getReader();
    const hash = createHash('sha256');
    let received = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      hash.update(value);
      received += value.byteLength;
      // mostly waiting reads (pull runs inside the transport's data callback), sometimes slow (the queue fills and the socket pauses)
      if (received % (7 * 16384) < 16384) await tick();
    }
    expect(received).toBe(payload.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
  });
});
