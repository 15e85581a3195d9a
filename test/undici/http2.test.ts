/**
 * `undiciTransport({ dispatcher: new Agent({ allowH2: true }) })` against a real HTTP/2 server on
 * loopback (node:http2 over TLS, test/undici/fixtures/tls): JSON calls and an SSE stream work, and
 * the safety rule reads HTTP/2 stream resets (docs/core.md "The safety rule"):
 * - RST_STREAM with REFUSED_STREAM before any answer means the server did not process the request
 *   (RFC 9113 §8.7): any request, a POST too, is retried (undici 8 does it itself);
 * - any other reset after the server read the request (INTERNAL_ERROR), or a REFUSED_STREAM after
 *   the answer began: the request may have been processed, so a POST is not repeated.
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, createClient, request, requestStream, type RetryEvent } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { API_KEY, rejectionOf } from '../core/_support.js';
import { ON_BUN } from '../helpers/runtime.js';
import { tlsFixture } from './_support.js';

/** What the server does with the next requests, in order (then it answers). */
type Plan = 'answer' | 'refuse' | 'reset' | 'refuse-after-headers';
const plans: Plan[] = [];
const seen: { method: string; version: string; authorization: string | undefined; plan: Plan }[] = [];
let server: http2.Http2SecureServer;
let baseURL: string;
const agents: Agent[] = [];
const sessions = new Set<http2.ServerHttp2Session>();

beforeAll(async () => {
  server = http2.createSecureServer({ key: tlsFixture('server.key'), cert: tlsFixture('server.crt') }, (req, res) => {
    const plan = plans.shift() ?? 'answer';
    seen.push({ method: req.method, version: req.httpVersion, authorization: req.headers.authorization, plan });
    if (req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
      setTimeout(() => res.end('data: {"n":2}\n\ndata: [DONE]\n\n'), 10);
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (plan === 'refuse') return req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      if (plan === 'reset') return req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'h2-req-1' });
      if (plan === 'refuse-after-headers') {
        res.write('{"partial":');
        return setTimeout(() => req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM), 10);
      }
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  // HTTP/2 sessions stay open between calls: close the clients' agents, then the server's sessions
  await Promise.all(agents.map((agent) => agent.destroy()));
  for (const session of sessions) session.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  plans.length = 0;
  seen.length = 0;
});

function h2Client(retries: RetryEvent[] = []) {
  const agent = new Agent({ allowH2: true, connect: { ca: tlsFixture('ca.crt') } });
  agents.push(agent);
  return createClient({
    baseURL,
    apiKey: API_KEY,
    transport: undiciTransport({ dispatcher: agent }),
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    onRetry: (e) => retries.push(e),
  });
}

// Bun's node:http2 server resets a stream with other codes than asked and ends a cut answer cleanly:
// the test server cannot play the faults there
describe.skipIf(ON_BUN)('undiciTransport over HTTP/2 (a dispatcher with allowH2)', () => {
  it('JSON calls and an SSE stream go over HTTP/2 with the credential', async () => {
    const client = h2Client();
    expect(await request(client, { method: 'POST', path: '/v1/chat', body: { a: 1 }, operation: 'test.h2.post' })).toEqual({ method: 'POST', body: '{"a":1}' });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/sse', operation: 'test.h2.sse' });
    const values: number[] = [];
    for await (const v of stream) values.push(v.n);
    expect(values).toEqual([1, 2]);
    expect(seen.map((s) => [s.method, s.version, s.authorization])).toEqual([
      ['POST', '2.0', `Bearer ${API_KEY}`],
      ['GET', '2.0', `Bearer ${API_KEY}`],
    ]);
  });

  it('a POST whose stream is refused (REFUSED_STREAM) before any answer is retried, and its retry answers', async () => {
    const retries: RetryEvent[] = [];
    plans.push('refuse');
    const answer = await request(h2Client(retries), { method: 'POST', path: '/v1/predictions', body: { input: {} }, operation: 'test.h2.refused' });
    expect(answer).toEqual({ method: 'POST', body: '{"input":{}}' });
    expect(seen.map((s) => s.plan)).toEqual(['refuse', 'answer']);
    // undici 7 reports the reset and the retry policy repeats the POST; undici 8 repeats it itself
    expect(retries).toHaveLength(process.env.MODELWIRE_UNDICI_UNDER_TEST ? 0 : 1);
    for (const retry of retries) {
      expect((retry.error as ConnectionError).requestMayHaveReachedServer).toBe(false);
      expect((retry.error as Error).message).toMatch(/refused the HTTP\/2 stream before processing it/);
    }
  });

  it('a POST whose stream is reset with INTERNAL_ERROR after the server read it is not repeated; a GET is retried', async () => {
    const retries: RetryEvent[] = [];
    const client = h2Client(retries);
    plans.push('reset');
    const post = (await rejectionOf(request(client, { method: 'POST', path: '/v1/predictions', body: { input: {} }, operation: 'test.h2.reset' }))) as ConnectionError;
    expect(post).toBeInstanceOf(ConnectionError);
    expect(post.requestMayHaveReachedServer).toBe(true);
    expect(post.attempts).toBe(1);
    expect(seen).toHaveLength(1);
    plans.push('reset');
    expect(await request(client, { method: 'GET', path: '/v1/models', operation: 'test.h2.get' })).toEqual({ method: 'GET', body: '' });
    expect(retries.map((e) => e.operation)).toEqual(['test.h2.get']);
  });

  it('a REFUSED_STREAM after the answer began does not count as unprocessed: the POST is not repeated', async () => {
    plans.push('refuse-after-headers');
    const err = (await rejectionOf(request(h2Client(), { method: 'POST', path: '/v1/predictions', body: { input: {} }, operation: 'test.h2.late' }))) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.requestMayHaveReachedServer).toBe(true);
    expect(err.attempts).toBe(1);
    expect(seen).toHaveLength(1);
  });
});
