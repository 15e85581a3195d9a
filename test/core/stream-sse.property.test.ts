/**
 * requestStream over a real loopback server, on both transports: any SSE body (see
 * _sse-reference.ts), written in arbitrary pieces with a flush between them, yields through
 * `for await` exactly the events the WHATWG reference parser finds in the whole body. A smaller run
 * than sse.property.test.ts (each case is an HTTP call); the decoder hands events through as they are.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, requestStream, type SSEEvent } from '../../src/index.js';
import { cutAt, props } from '../helpers/property.js';
import { startTestServer, write, type TestServer } from '../helpers/test-server.js';
import { cutBody, whatwgParse } from './_sse-reference.js';
import { API_KEY, TRANSPORTS } from './_support.js';

let server: TestServer;
const bodies = new Map<string, Uint8Array[]>();
beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    for (const piece of bodies.get(req.path) ?? []) {
      await write(res, piece);
      await new Promise((r) => setImmediate(r)); // most pieces arrive as network chunks of their own
    }
    res.end();
  });
});
afterAll(() => server.close());

describe.each(TRANSPORTS)('requestStream over %s', (name, makeTransport) => {
  it('yields the reference events of any body written in any pieces', async () => {
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(cutBody, async ([bytes, offsets]) => {
        const path = `/${name}/${run++}`;
        bodies.set(path, cutAt(bytes, offsets));
        const events: SSEEvent[] = [];
        const stream = await requestStream<SSEEvent>(client, { method: 'GET', path, operation: 'test.sse', decode: (e) => ({ ...e }) });
        for await (const e of stream) events.push(e);
        bodies.delete(path);
        expect(events, JSON.stringify(Buffer.from(bytes).toString('latin1'))).toEqual(whatwgParse(bytes).events);
      }),
      props(name === 'fetch' ? 0x1f0 : 0x1f1, 60),
    );
  });
});
