/**
 * Where credentials go and where they must not turn up (src/core/client.ts, redact.ts,
 * middleware.ts), seen from request().
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, createClient, loggingMiddleware, request, requestIdMiddleware, type Logger, type Middleware } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-test-7c1d';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, lines };
}

/** The Middleware TSDoc's own example: passes on a copy of the headers. */
const tag: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-team': 'search' } });

describe('a custom authHeader whose name does not look like a credential', () => {
  // docs/core.md, Middleware: loggingMiddleware redacts credentials "by header name and, wherever
  // they turn up — a custom `authHeader`, a request id a server echoes — by value"
  it('is not logged when user middleware before loggingMiddleware copies the headers (logHeaders)', async () => {
    const server = await startTestServer((req, res) => json(res, 200, {}));
    servers.push(server);
    const { logger, lines } = recorder();
    const client = createClient({
      baseURL: server.url,
      apiKey: KEY,
      authHeader: { name: 'X-Credential', prefix: '' },
      middleware: [tag, loggingMiddleware(logger, { logHeaders: true })],
    });
    await request(client, { method: 'GET', path: '/h', operation: 'test.headers' });
    expect(server.requests[0]!.headers['x-credential']).toBe(KEY);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('x-team');
    expect(lines[0]).not.toContain(KEY);
  });

  it('an echoed request id is scrubbed from the log and from onResponse after a copying middleware', async () => {
    const server = await startTestServer((req, res) => json(res, 200, {}, { 'x-request-id': `rid-${String(req.headers['x-credential'])}` }));
    servers.push(server);
    const { logger, lines } = recorder();
    const told: unknown[] = [];
    const client = createClient({
      baseURL: server.url,
      apiKey: KEY,
      authHeader: { name: 'x-credential', prefix: '' },
      middleware: [tag, requestIdMiddleware({ onResponse: (i) => told.push(i) }), loggingMiddleware(logger)],
    });
    await request(client, { method: 'GET', path: '/rid', operation: 'test.rid' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"requestId":"rid-');
    expect(lines[0]).not.toContain(KEY);
    expect(JSON.stringify(told)).toContain('rid-');
    expect(JSON.stringify(told)).not.toContain(KEY);
  });
});

describe('credentials in the client headers option', () => {
  // client.ts credentialMiddleware: "an absolute URL a server handed back (a `next` page, a stream
  // URL) on another host never receives the key"; docs/core.md treats a credential header passed
  // through the client's `headers` option as a credential (scrubbed like the key).
  it('are sent to the base origin but not to another host named by an absolute URL', async () => {
    const home = await startTestServer((req, res) => json(res, 200, { ok: true }));
    const other = await startTestServer((req, res) => json(res, 200, { ok: true }));
    servers.push(home, other);
    const client = createClient({ baseURL: `${home.url}/v1`, headers: { 'X-Api-Key': KEY, Authorization: `Bearer ${KEY}`, 'x-team': 'search' } });
    await request(client, { method: 'GET', path: '/models', operation: 'test.home' });
    await request(client, { method: 'GET', path: `${other.url}/v1/models?page=2`, operation: 'test.other' });
    expect(home.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(home.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    // a header that is no credential still goes everywhere
    expect(other.requests[0]!.headers['x-team']).toBe('search');
    expect(other.requests[0]!.headers['x-api-key']).toBeUndefined();
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('an error body is kept as the server sent it when the call has credentials', () => {
  // redact.ts scrubValue: "Deep copy of a JSON-like value with every string scrubbed"; APIError.body:
  // "Parsed response body". A JSON body with an own "__proto__" key must not become the copy's prototype.
  it('an own "__proto__" key stays an own key (not the prototype of err.body)', async () => {
    const raw = '{"__proto__":{"error":"from proto","status":"x"},"detail":"bad input"}';
    const server = await startTestServer((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(raw);
    });
    servers.push(server);
    const withKey = createClient({ baseURL: server.url, apiKey: KEY });
    const without = createClient({ baseURL: server.url });
    const errWith = (await request(withKey, { method: 'GET', path: '/e', operation: 'test.proto' }).catch((e: unknown) => e)) as APIError;
    const errWithout = (await request(without, { method: 'GET', path: '/e', operation: 'test.proto' }).catch((e: unknown) => e)) as APIError;
    expect(errWithout).toBeInstanceOf(APIError);
    expect(errWith).toBeInstanceOf(APIError);
    // the same body whatever the client's credentials
    expect(Object.keys(errWith.body as object)).toEqual(Object.keys(errWithout.body as object));
    expect(Object.getPrototypeOf(errWith.body)).toBe(Object.prototype);
    expect((errWith.body as Record<string, unknown>).error).toBeUndefined();
    expect(errWith.message).toBe(errWithout.message);
  });
});
