/**
 * A URL the transport refuses before any connection never reached a server: a port the fetch
 * standard blocks (Node: `bad port`, Deno: `Requests to port 6000 are blocked`; Bun's fetch and the
 * undici transport connect, and are refused by the closed port), a scheme other than http(s), a URL
 * the URL parser rejects. The ConnectionError said `requestMayHaveReachedServer: true`, so the retry
 * policy would not repeat such a POST and a caller could not tell it was never sent. It now says false.
 * No server is needed: nothing listens on these loopback ports.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidRequestError, fetchTransport, type WireRequest } from '../../src/index.js';
import { TRANSPORTS, rejectionOf } from './_support.js';

const wire = (url: string): WireRequest => ({ method: 'POST', url, headers: {}, body: '{}', signal: new AbortController().signal, idempotent: false, operation: 'test.refused', attempt: 1 });

describe.each(TRANSPORTS)('%s transport: a URL refused before connecting', (_name, make) => {
  it.each(['http://127.0.0.1:6000/v2/x', 'http://127.0.0.1:10080/v2/x'])('a blocked port, %s, is never sent', async (url) => {
    const error = await rejectionOf(make()(wire(url)));
    expect(error).toBeInstanceOf(ConnectionError); // refused by the runtime's fetch, or by the closed port
    expect((error as ConnectionError).requestMayHaveReachedServer).toBe(false);
  });

  it.each(['http://a b/x', 'http://127.0.0.1:99999/x'])('a URL the parser rejects, %s, is never sent', async (url) => {
    const error = await rejectionOf(make()(wire(url)));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/invalid URL/);
    expect((error as ConnectionError).requestMayHaveReachedServer).toBe(false);
  });

  it('a scheme other than http(s) is never sent', async () => {
    const error = await rejectionOf(make()(wire('ftp://127.0.0.1/x')));
    if (error instanceof ConnectionError) expect(error.requestMayHaveReachedServer).toBe(false);
    else expect(error).toBeInstanceOf(InvalidRequestError); // the undici transport refuses it as a request path it cannot send
  });
});

// Bun's fetch does not block the port: the redirect's connection is refused, which said "never sent" too
it('fetch following a redirect to a blocked port: the first request went out, so it may have reached the server', async () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(307, { location: 'http://127.0.0.1:6000/v2/x' }).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/x`;
    const error = await rejectionOf(fetchTransport({ init: { redirect: 'follow' } })(wire(url)));
    expect(hits).toBe(1);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).requestMayHaveReachedServer).toBe(true);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
