/**
 * A key sent under a custom `authHeader` name that looks like no credential (`x-credential`,
 * `ocp-signature`) is still the client's credential: the request your middleware or transport is
 * handed prints it as `[redacted]` (JSON.stringify, util.inspect, Deno's and Bun's inspect), on
 * every attempt, including a Replicate create's retry whose headers are rebuilt for the time left,
 * while fetch and undici send it unchanged (docs/core.md, Middleware).
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, redactHeaders, request, type Middleware, type WireRequest } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-custom-name-views-4471';

let server: TestServer;
afterEach(() => server?.close());

/** Every way a debugging middleware prints a request, the request and its headers alone. */
function printed(req: WireRequest): string[] {
  const g = globalThis as { Deno?: { inspect(v: unknown): string }; Bun?: { inspect(v: unknown): string } };
  const views: string[] = [];
  for (const v of [req, req.headers]) {
    views.push(JSON.stringify(v), inspect(v, { depth: 5 }), JSON.stringify(redactHeaders(req.headers)));
    if (g.Deno) views.push(g.Deno.inspect(v));
    if (g.Bun) views.push(g.Bun.inspect(v));
  }
  return views;
}

function debugInto(views: string[][]): Middleware {
  return (next) => (req) => {
    views.push(printed(req));
    return next(req);
  };
}

describe('a key under a custom authHeader name that looks like no credential', () => {
  for (const [name, transport] of [
    ['fetch', undefined],
    ['undici', undiciTransport()],
  ] as const) {
    it(`prints as [redacted] on each attempt and is still sent (${name})`, async () => {
      server = await startTestServer((req, res) => json(res, server.requests.length === 1 ? 503 : 200, {}));
      const views: string[][] = [];
      const client = createClient({
        baseURL: server.url,
        apiKey: KEY,
        authHeader: { name: 'X-Credential', prefix: 'Key ' },
        headers: { 'x-team': 'blue' },
        retry: { maxRetries: 1, initialDelayMs: 1 },
        transport,
        middleware: [debugInto(views)],
      });
      await request(client, { method: 'GET', path: '/v', operation: 'audit.custom' });
      expect(server.requests.map((r) => r.headers['x-credential'])).toEqual([`Key ${KEY}`, `Key ${KEY}`]);
      expect(views).toHaveLength(2);
      for (const v of views.flat()) {
        expect(v).toContain('blue');
        expect(v).toContain('x-credential');
        expect(v).not.toContain(KEY);
      }
    });
  }

  it('a header of that name is no credential to a client without it', async () => {
    server = await startTestServer((req, res) => json(res, 200, {}));
    const views: string[][] = [];
    const client = createClient({ baseURL: server.url, headers: { 'x-credential': 'not-a-secret-here' }, middleware: [debugInto(views)] });
    await request(client, { method: 'GET', path: '/v', operation: 'audit.plain' });
    expect(views.flat().every((v) => v.includes('not-a-secret-here'))).toBe(true);
  });

  it('a retried Replicate sync-mode create, whose headers are rebuilt for the time left, prints without it', async () => {
    server = await startTestServer((req, res) =>
      server.requests.length === 1
        ? json(res, 429, { detail: 'Request was throttled.' }, { 'retry-after-ms': '1' })
        : json(res, 201, { id: 'p1', model: 'acme/flux', version: 'v', input: {}, status: 'starting', created_at: '2026-11-30T22:00:00Z', urls: {} }),
    );
    const views: string[][] = [];
    const client = createClient({
      baseURL: `${server.url}/v1`,
      apiKey: KEY,
      authHeader: { name: 'ocp-signature' },
      retry: { maxRetries: 1 },
      middleware: [debugInto(views)],
    });
    await createPrediction(client, { model: 'acme/flux', input: {} }, { wait: 5 });
    expect(server.requests.map((r) => [r.headers['ocp-signature'], r.headers.prefer !== undefined])).toEqual([
      [KEY, true],
      [KEY, true],
    ]);
    expect(views).toHaveLength(2);
    for (const v of views.flat()) {
      expect(v).toContain('wait=');
      expect(v).not.toContain(KEY);
    }
  });
});
