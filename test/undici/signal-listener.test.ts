/**
 * Soak audit: `undiciTransport()` called with a {@link WireRequest} that has no `onAbort` (the
 * documented WireRequest shape: `signal` only, e.g. a transport used directly or behind a
 * middleware that builds a fresh request) adds an abort listener to `req.signal` and never removes
 * it. On a long-lived signal (a server's shutdown signal) every request leaves one listener behind,
 * each holding its whole response object (headers, buffered body) for the life of the signal, and
 * Node warns `MaxListenersExceededWarning` after 10. With `onAbort`, the same transport unsubscribes
 * once the response ended, failed or its body was cancelled; with a plain signal it must too.
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireRequest } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const wire = (url: string, signal: AbortSignal): WireRequest => ({ method: 'GET', url, headers: {}, signal, idempotent: true, operation: 'test.direct', attempt: 1 });

describe('undiciTransport with a request that carries a signal but no onAbort', () => {
  it('leaves no abort listener on a long-lived signal once each response is done (read, error body read, body cancelled)', async () => {
    server = await startTestServer((req, res) => {
      if (req.path === '/fail') return json(res, 500, { error: 'down' });
      json(res, 200, { ok: true, pad: 'x'.repeat(10_000) });
    });
    const transport = undiciTransport();
    const shutdown = new AbortController().signal;
    for (let i = 0; i < 20; i++) {
      const res = await transport(wire(`${server.url}/ok`, shutdown));
      expect(res.status).toBe(200);
      await res.text();
    }
    for (let i = 0; i < 5; i++) {
      const res = await transport(wire(`${server.url}/fail`, shutdown));
      expect(res.status).toBe(500);
      await res.text();
    }
    for (let i = 0; i < 5; i++) {
      const res = await transport(wire(`${server.url}/ok`, shutdown));
      await res.body!.cancel();
    }
    // before the fix: 30 listeners, one per request, each keeping its response alive
    expect(getEventListeners(shutdown, 'abort')).toHaveLength(0);
  });
});
