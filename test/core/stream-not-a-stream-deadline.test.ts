/**
 * Soak audit (found while checking failure stages): a 200 that is not an event stream is read for
 * its body (to report it). When the call's deadline cuts that read short, the call must end with
 * the TimeoutError that ended it (docs/core.md, "One deadline, one signal": "An abort or deadline
 * that cuts short the body of an error answer ends the call with AbortError or TimeoutError, not
 * with the half-read status error"), as `send()` does for a non-2xx body. Today it ends with
 * StreamError "expected an event stream", which `withFallback` does not fail over on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, isFailoverError, requestStream, TimeoutError } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TRANSPORTS, rejectionOf } from './_support.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(TRANSPORTS)('a non-SSE answer cut by the deadline over %s', (_name, makeTransport) => {
  it('ends the call with TimeoutError (a failover error), not StreamError', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"error":'); // then silence: the deadline ends the read
    });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false });
    const err = await rejectionOf(requestStream(client, { method: 'GET', path: '/sse', operation: 'test.sse' }, { timeoutMs: 150 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(isFailoverError(err)).toBe(true);
  });
});
