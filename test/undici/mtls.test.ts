/**
 * `undiciTransport({ dispatcher })` with mutual TLS (docs/core.md "Transports"): an undici Agent
 * with a client certificate reaches an HTTPS server on loopback that requires one (the fixtures in
 * test/undici/fixtures/tls). Without the certificate the server drops the connection: a
 * ConnectionError that may have reached the server, so a POST is not repeated and a GET is retried;
 * with a CA the client does not trust, the same error type, and no request handled.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, createClient, request, type RetryEvent } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { API_KEY, rejectionOf } from '../core/_support.js';
import { ON_BUN } from '../helpers/runtime.js';
import { tlsFixture as fixture } from './_support.js';

const ca = fixture('ca.crt');

let server: https.Server;
let baseURL: string;
const handled: { method: string; clientName: string | undefined }[] = [];

beforeAll(async () => {
  server = https.createServer({ key: fixture('server.key'), cert: fixture('server.crt'), ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
    handled.push({ method: req.method ?? '', clientName: peer.subject?.CN });
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client: peer.subject?.CN })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A client whose transport uses an undici Agent with these TLS options. */
function clientWith(connect: { ca?: Buffer; cert?: Buffer; key?: Buffer }, retries: RetryEvent[] = []) {
  return createClient({
    baseURL,
    apiKey: API_KEY,
    transport: undiciTransport({ dispatcher: new Agent({ connect }) }),
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    onRetry: (e) => retries.push(e),
  });
}

// Bun's node:https server gives the request no getPeerCertificate(): the test server cannot say who called
describe.skipIf(ON_BUN)('undiciTransport with mutual TLS', () => {
  it('an Agent with the client certificate reaches the server, which sees who called', async () => {
    handled.length = 0;
    const client = clientWith({ ca, cert: fixture('client.crt'), key: fixture('client.key') });
    expect(await request(client, { method: 'GET', path: '/v2/models', operation: 'test.mtls.get' })).toEqual({ client: 'modelwire test client' });
    expect(await request(client, { method: 'POST', path: '/v2/infer', body: { a: 1 }, operation: 'test.mtls.post' })).toEqual({ client: 'modelwire test client' });
    expect(handled).toEqual([
      { method: 'GET', clientName: 'modelwire test client' },
      { method: 'POST', clientName: 'modelwire test client' },
    ]);
  });

  it('without the client certificate: a ConnectionError; the POST is sent once, the GET retried; no request handled', async () => {
    handled.length = 0;
    const retries: RetryEvent[] = [];
    const client = clientWith({ ca }, retries);
    const post = (await rejectionOf(request(client, { method: 'POST', path: '/v2/infer', body: { a: 1 }, operation: 'test.mtls.post' }))) as ConnectionError;
    expect(post).toBeInstanceOf(ConnectionError);
    expect(post.attempts).toBe(1);
    const get = (await rejectionOf(request(client, { method: 'GET', path: '/v2/models', operation: 'test.mtls.get' }))) as ConnectionError;
    expect(get).toBeInstanceOf(ConnectionError);
    expect(get.attempts).toBe(3);
    expect(retries.map((e) => e.operation)).toEqual(['test.mtls.get', 'test.mtls.get']);
    expect(handled).toEqual([]);
  });

  it('a server certificate the client does not trust: a ConnectionError naming the TLS failure; no request handled', async () => {
    handled.length = 0;
    const client = clientWith({ cert: fixture('client.crt'), key: fixture('client.key') }); // no ca: the test CA is not trusted
    const err = (await rejectionOf(request(client, { method: 'GET', path: '/v2/models', operation: 'test.mtls.untrusted' }))) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/certificate/);
    expect(JSON.stringify(err)).not.toContain(API_KEY);
    expect(handled).toEqual([]);
  });
});
