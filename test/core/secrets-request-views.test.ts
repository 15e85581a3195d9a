/**
 * The request a middleware (or a custom transport) of yours is handed, printed as a debugging
 * middleware prints it: JSON.stringify and util.inspect (Deno.inspect, Bun.inspect where they
 * exist) of the request and of its headers show credential headers redacted, while the transport
 * still sends them. A retried attempt's request (a copy the retry policy makes, with headers
 * rebuilt for the time left: Replicate's `Prefer: wait`) shows them redacted too.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request, type Middleware, type Transport, type WireRequest } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-audit-request-views-90210';
const PROXY = 'audit-proxy-token-7734';
const COOKIE = 'session=audit-cookie-4455';

let server: TestServer;
afterEach(() => server?.close());

/** Every way a debugging middleware prints a request, the request and its headers alone. */
function printed(req: WireRequest): string[] {
  const g = globalThis as { Deno?: { inspect(v: unknown): string }; Bun?: { inspect(v: unknown): string } };
  const views: string[] = [];
  for (const v of [req, req.headers]) {
    views.push(JSON.stringify(v), inspect(v, { depth: 5 }));
    if (g.Deno) views.push(g.Deno.inspect(v));
    if (g.Bun) views.push(g.Bun.inspect(v));
  }
  return views;
}

const SECRETS = [KEY, PROXY, COOKIE];

describe('a request handed to your middleware', () => {
  for (const [name, transport] of [
    ['fetch', undefined],
    ['undici', undiciTransport()],
  ] as const) {
    it(`prints without credentials, and its credentials still go out (${name})`, async () => {
      server = await startTestServer((req, res) => json(res, server.requests.length === 1 ? 503 : 200, {}));
      const views: string[] = [];
      const debug: Middleware = (next) => (req) => {
        views.push(...printed(req));
        return next(req);
      };
      const client = createClient({
        baseURL: server.url,
        apiKey: KEY,
        headers: { 'proxy-authorization': PROXY, 'x-team': 'blue' },
        retry: { maxRetries: 1, initialDelayMs: 1 },
        transport,
        middleware: [debug],
      });
      await request(client, { method: 'GET', path: '/v', operation: 'audit.views' }, { headers: { cookie: COOKIE } });
      // two attempts, each printed four ways (more under Deno or Bun), each sent with its credentials
      expect(server.requests).toHaveLength(2);
      for (const r of server.requests) {
        expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(r.headers['proxy-authorization']).toBe(PROXY);
        expect(r.headers.cookie).toBe(COOKIE);
      }
      expect(views.length).toBeGreaterThanOrEqual(8);
      for (const v of views) {
        // the headers are shown, the credentials' values are not
        expect(v).toContain('blue');
        expect(v).toContain('[redacted]');
        for (const s of SECRETS) expect(v).not.toContain(s);
      }
    });
  }

  it('a custom transport prints the request without credentials', async () => {
    const views: string[] = [];
    const sent: string[] = [];
    const transport: Transport = async (req) => {
      views.push(...printed(req));
      sent.push(req.headers.authorization!);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = createClient({ baseURL: 'http://127.0.0.1:9', apiKey: KEY, transport });
    await request(client, { method: 'GET', path: '/t', operation: 'audit.transport' });
    expect(sent).toEqual([`Bearer ${KEY}`]);
    expect(views.length).toBeGreaterThanOrEqual(4);
    for (const v of views) expect(v).not.toContain(KEY);
  });

  it('a retried Replicate sync-mode create, whose headers are rebuilt for the time left, prints without credentials', async () => {
    server = await startTestServer((req, res) =>
      server.requests.length === 1
        ? json(res, 429, { detail: 'Request was throttled.' }, { 'retry-after-ms': '1' })
        : json(res, 201, { id: 'p1', model: 'acme/flux', version: 'v', input: {}, status: 'starting', created_at: '2026-11-30T22:00:00Z', urls: {} }),
    );
    const views: string[][] = [];
    const debug: Middleware = (next) => (req) => {
      views.push(printed(req));
      return next(req);
    };
    const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: { maxRetries: 1 }, middleware: [debug] });
    await createPrediction(client, { model: 'acme/flux', input: {} }, { wait: 5 });
    expect(server.requests.map((r) => [r.headers.authorization, r.headers.prefer !== undefined])).toEqual([
      [`Bearer ${KEY}`, true],
      [`Bearer ${KEY}`, true],
    ]);
    expect(views).toHaveLength(2);
    for (const v of views.flat()) {
      expect(v).toContain('wait=');
      expect(v).not.toContain(KEY);
    }
  });
});
