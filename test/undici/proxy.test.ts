/**
 * `undiciTransport({ proxy })` (src/undici/index.ts, docs/core.md "Transports"): every request goes
 * through a CONNECT tunnel of a real loopback proxy (test/helpers/connect-proxy.ts), kept alive and
 * reused. The proxy's credentials reach the proxy only, never the server, an error or a log. A
 * refused tunnel is a ConnectionError that says nothing was sent (so even a POST is retried); a
 * proxy that never answers CONNECT ends the call by its deadline and its connection is closed after
 * `connectTimeoutMs`, not held for undici's default 300 s. An https: proxy (TLS to the proxy) tunnels
 * to http: and https: servers. With `noProxy`, requests to the servers it names go direct (the proxy
 * sees no CONNECT for them) and the others still through the proxy.
 */
import { execFile } from 'node:child_process';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Agent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, InvalidRequestError, TimeoutError, createClient, loggingMiddleware, request, type RetryEvent } from '../../src/index.js';
import { undiciTransport, type UndiciTransportOptions } from '../../src/undici/index.js';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js';
import { json, startTestServerPerTest, type TestServer } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, rejectionOf, thrownAs } from '../core/_support.js';
import { ON_BUN, TAKES_NODE_FLAGS } from '../helpers/runtime.js';
import { tlsFixture } from './_support.js';

const startServer = startTestServerPerTest();
const PROXY_SECRET = 'proxy-pass-4d3c2b1a';
let proxy: ConnectProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** A server that echoes what reached it, a proxy, and a client whose transport goes through the proxy. */
async function setUp(proxyOption: (proxyUrl: string) => UndiciTransportOptions['proxy'], extra: Partial<Parameters<typeof createClient>[0]> = {}) {
  const server: TestServer = await startServer((req, res) =>
    json(res, 200, { method: req.method, path: req.path, proxyAuthorization: req.headers['proxy-authorization'] ?? null, authorization: req.headers.authorization ?? null }),
  );
  proxy = await startConnectProxy();
  const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: undiciTransport({ proxy: proxyOption(proxy.url) }), ...extra });
  return { server, proxy, client, target: `127.0.0.1:${server.port}` };
}

describe('undiciTransport({ proxy })', () => {
  it('sends GET and POST through kept-alive CONNECT tunnels; Basic credentials from the URL reach the proxy, not the server', async () => {
    const { server, proxy, client, target } = await setUp((url) => url.replace('//', `//user:${PROXY_SECRET}@`));
    const got = await request(client, { method: 'GET', path: '/v1/models', operation: 'test.proxy.get' });
    const posted = await request(client, { method: 'POST', path: '/v1/run', body: { a: 1 }, operation: 'test.proxy.post' });
    for (let i = 0; i < 4; i++) await request(client, { method: 'GET', path: '/v1/models', operation: 'test.proxy.get' });
    expect(got).toEqual({ method: 'GET', path: '/v1/models', proxyAuthorization: null, authorization: `Bearer ${API_KEY}` });
    expect(posted).toMatchObject({ method: 'POST', path: '/v1/run', proxyAuthorization: null });
    expect(server.count()).toBe(6);
    // tunnels are kept alive and reused, like connections (undici opens a second one when a call
    // follows the previous one before its connection was released, with or without a proxy)
    expect(proxy.connects.length).toBeLessThanOrEqual(2);
    const basic = `Basic ${Buffer.from(`user:${PROXY_SECRET}`).toString('base64')}`;
    expect(proxy.connects.map((c) => [c.target, c.proxyAuthorization])).toEqual(proxy.connects.map(() => [target, basic]));
    expect(proxy.plainRequests()).toBe(0);
  });

  it('sends the token of { uri, token } as Proxy-Authorization; a URL object works as the uri', async () => {
    const { proxy, client } = await setUp((url) => ({ uri: new URL(url), token: `Bearer ${PROXY_SECRET}` }));
    await request(client, { method: 'GET', path: '/x', operation: 'test.proxy.token' });
    expect(proxy.connects.map((c) => c.proxyAuthorization)).toEqual([`Bearer ${PROXY_SECRET}`]);
  });

  it('a tunnel refused with 407 is a ConnectionError sent to no server, naming the status; no credential in it or in a log', async () => {
    const scanner = new LeakScanner();
    const { server, proxy, client } = await setUp((url) => ({ uri: url, token: `Bearer ${PROXY_SECRET}` }), {
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      middleware: [loggingMiddleware(scanner.logger())],
    });
    proxy.next.push({ status: 407 }, { status: 407 }, { status: 407 });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/x', operation: 'test.proxy.407' }), scanner);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).message).toMatch(/proxy refused the tunnel with HTTP 407/);
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
    expect(server.count()).toBe(0);
    scanner.assertClean(PROXY_SECRET);
    scanner.assertClean(API_KEY);
  });

  it('a POST whose tunnel was refused with 503 is retried (nothing was sent) and reaches the server once', async () => {
    const events: RetryEvent[] = [];
    const { server, proxy, client } = await setUp((url) => url, { retry: { initialDelayMs: 1, maxDelayMs: 1 }, onRetry: (e) => events.push(e) });
    proxy.next.push({ status: 503 });
    const answer = await request(client, { method: 'POST', path: '/v1/predictions', body: { input: {} }, operation: 'test.proxy.503' });
    expect(answer).toMatchObject({ method: 'POST' });
    expect(events.map((e) => e.attempt)).toEqual([1]);
    expect(server.count()).toBe(1);
    expect(proxy.connects).toHaveLength(2);
  });

  it('a proxy that never answers CONNECT: the call ends by its deadline, and the tunnel request is closed after connectTimeoutMs', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    proxy = await startConnectProxy();
    proxy.next.push('hang');
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ proxy: proxy.url, connectTimeoutMs: 1500 }), retry: false });
    // a deadline long enough for the CONNECT to reach the proxy on a loaded machine, shorter than connectTimeoutMs
    const err = await rejectionOf(request(client, { method: 'GET', path: '/x', operation: 'test.proxy.hang' }, { timeoutMs: 500 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(proxy.connects).toHaveLength(1);
    // undici's default would hold it for 300 s; undici's timers tick about once a second
    await vi.waitFor(() => expect(proxy!.connects[0]!.closedByClient).toBe(true), { timeout: 10_000, interval: 50 });
    expect(server.count()).toBe(0);
  });

  it('a CONNECT left unanswered past connectTimeoutMs fails the attempt as a ConnectionError, and a GET is retried through a new tunnel', async () => {
    const events: RetryEvent[] = [];
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    proxy = await startConnectProxy();
    proxy.next.push('hang');
    const client = createClient({
      baseURL: server.url,
      transport: undiciTransport({ proxy: proxy.url, connectTimeoutMs: 100 }),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      onRetry: (e) => events.push(e),
    });
    expect(await request(client, { method: 'GET', path: '/x', operation: 'test.proxy.slow' })).toEqual({ ok: true });
    expect(events).toHaveLength(1);
    expect(events[0]!.error).toBeInstanceOf(ConnectionError);
    expect((events[0]!.error as Error).message).toMatch(/proxy did not answer CONNECT in time/);
    expect(proxy.connects).toHaveLength(2);
  });
});

describe('undiciTransport({ proxy, noProxy })', () => {
  /** Two servers on loopback, a proxy, and one transport through it with `noProxy`; `get(url)` calls through that transport. */
  async function route(noProxy: (ports: { a: number; b: number }) => string) {
    const a = await startServer((req, res) => json(res, 200, { server: 'a', path: req.path }));
    const b = await startServer((req, res) => json(res, 200, { server: 'b', path: req.path }));
    proxy = await startConnectProxy();
    const transport = undiciTransport({ proxy: proxy.url, noProxy: noProxy({ a: a.port, b: b.port }) });
    const get = (baseURL: string) => request(createClient({ baseURL, transport, retry: false }), { method: 'GET', path: '/v2/health/ready', operation: 'test.noproxy' });
    return { a, b, proxy, get };
  }

  it('sends a request to a host in noProxy direct (the proxy sees no CONNECT) and the others through the proxy', async () => {
    const { a, b, proxy, get } = await route(() => 'internal.corp, localhost');
    expect(await get(`http://localhost:${a.port}`)).toEqual({ server: 'a', path: '/v2/health/ready' });
    expect(await get(`http://localhost:${a.port}`)).toEqual({ server: 'a', path: '/v2/health/ready' });
    expect(proxy.connects).toEqual([]);
    expect(await get(`http://127.0.0.1:${b.port}`)).toEqual({ server: 'b', path: '/v2/health/ready' });
    expect(proxy.connects.map((c) => c.target)).toEqual([`127.0.0.1:${b.port}`]);
    expect(proxy.plainRequests()).toBe(0);
  });

  it('an IP address with a port sends that server direct and another port of the same address through the proxy', async () => {
    const { a, b, proxy, get } = await route(({ a }) => `127.0.0.1:${a}`);
    await get(a.url);
    await get(b.url);
    await get(a.url);
    expect(a.count()).toBe(2);
    expect(proxy.connects.map((c) => c.target)).toEqual([`127.0.0.1:${b.port}`]);
  });

  it('a direct request fails and succeeds on its own: a proxy refusing every tunnel fails only the proxied calls, as before', async () => {
    const { a, b, proxy, get } = await route(() => '127.0.0.0/8');
    proxy.next.push({ status: 407 });
    expect(await get(`http://127.0.0.1:${a.port}`)).toMatchObject({ server: 'a' });
    expect(proxy.connects).toEqual([]);
    const err = await rejectionOf(get(`http://localhost:${b.port}`));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).message).toMatch(/proxy refused the tunnel with HTTP 407/);
    expect(proxy.connects.map((c) => c.target)).toEqual([`localhost:${b.port}`]);
    expect(b.count()).toBe(0);
  });

  it('with noProxy and no proxy (HTTPS_PROXY unset), every request goes direct', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ proxy: undefined, noProxy: 'localhost' }) });
    expect(await request(client, { method: 'GET', path: '/x', operation: 'test.noproxy.none' })).toEqual({ ok: true });
  });
  // HTTPS_PROXY set but empty reads as unset, as curl and undici's EnvHttpProxyAgent read it: it
  // was refused ("proxy is not a URL"), so the documented `proxy: process.env.HTTPS_PROXY` threw
  it("with proxy '' (HTTPS_PROXY set but empty), every request goes direct, with or without noProxy or a dispatcher of one's own", async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const own = new Agent();
    try {
      for (const options of [{ proxy: '' }, { proxy: '', noProxy: 'localhost' }, { proxy: '', dispatcher: own }] as UndiciTransportOptions[]) {
        const client = createClient({ baseURL: server.url, transport: undiciTransport(options) });
        expect(await request(client, { method: 'GET', path: '/x', operation: 'test.noproxy.empty' })).toEqual({ ok: true });
      }
    } finally {
      await own.close();
    }
    expect(server.count()).toBe(3);
  });
});

describe('undiciTransport({ proxy }) with TLS', () => {
  // The test CA must be trusted by the process (NODE_EXTRA_CA_CERTS, read at start-up): the calls
  // run in a child Node process while this one serves the proxy and the servers (not under Bun, whose
  // child would resolve `undici` to its stand-in, nor Deno, whose binary takes no Node flags).
  it.skipIf(!TAKES_NODE_FLAGS || ON_BUN)('an https: proxy (TLS to the proxy) tunnels to an http: and to an https: server', async () => {
    const plain = await startServer((req, res) => json(res, 200, { server: 'http', path: req.path }));
    const secure = https.createServer({ key: tlsFixture('server.key'), cert: tlsFixture('server.crt') }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ server: 'https', path: req.url }));
    });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const securePort = (secure.address() as AddressInfo).port;
    proxy = await startConnectProxy({ tls: { key: tlsFixture('server.key'), cert: tlsFixture('server.crt') } });
    const script = `Promise.all([import('./src/index.ts'), import('./src/undici/index.ts')]).then(async ([core, { undiciTransport }]) => {
      const transport = undiciTransport({ proxy: { uri: process.env.PROXY, token: 'Bearer ${PROXY_SECRET}' } });
      const out = [];
      for (const baseURL of process.env.SERVERS.split(' ')) {
        const client = core.createClient({ baseURL, transport, retry: false });
        out.push(await core.request(client, { method: 'GET', path: '/v1/models', operation: 'test.proxy.tls' }));
      }
      console.log(JSON.stringify(out));
    })`;
    const servers = `${plain.url} https://127.0.0.1:${securePort}`;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...process.env, NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('./fixtures/tls/ca.crt', import.meta.url)), PROXY: proxy.url, SERVERS: servers },
        timeout: 30_000,
      });
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([
        { server: 'http', path: '/v1/models' },
        { server: 'https', path: '/v1/models' },
      ]);
    } finally {
      secure.closeAllConnections();
      secure.close();
    }
    expect(proxy.url).toMatch(/^https:/);
    expect(proxy.connects.map((c) => [c.target, c.proxyAuthorization])).toEqual([
      [`127.0.0.1:${plain.port}`, `Bearer ${PROXY_SECRET}`],
      [`127.0.0.1:${securePort}`, `Bearer ${PROXY_SECRET}`],
    ]);
  });
});

describe('undiciTransport({ proxy }) refusals', () => {
  it.each<[string, UndiciTransportOptions, RegExp]>([
    ['a proxy with a dispatcher', { proxy: 'http://127.0.0.1:3128', dispatcher: dispatcherLike() }, /either proxy or dispatcher/],
    ['a socks proxy', { proxy: `socks5://user:${PROXY_SECRET}@127.0.0.1:1080` }, /http: or https: URL, got a socks5: one/],
    ['a proxy URL of no known scheme', { proxy: `proxy:${PROXY_SECRET} here` }, /http: or https: URL, got a proxy: one/],
    ['a proxy that is not a URL', { proxy: `//user:${PROXY_SECRET}@proxy:3128` }, /not a URL \(value not shown\)/],
    ['a token that is not a string', { proxy: { uri: 'http://127.0.0.1:3128', token: 42 as unknown as string } }, /token must be a string/],
  ])('refuses %s when the transport is made (path proxy), quoting no credential', (_name, options, message) => {
    const err = thrownAs(() => undiciTransport(options), InvalidRequestError);
    expect(err.path).toBe('proxy');
    expect(err.message).toMatch(message);
    expect(JSON.stringify(err) + err.message).not.toContain(PROXY_SECRET);
  });
});

/** An object with dispatch(), which the dispatcher check takes: for the proxy-and-dispatcher refusal. */
function dispatcherLike(): NonNullable<UndiciTransportOptions['dispatcher']> {
  return { dispatch: () => true } as unknown as NonNullable<UndiciTransportOptions['dispatcher']>;
}
