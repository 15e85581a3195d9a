/**
 * Logging scrubs the request's credentials even after user middleware passed on a copy of the
 * headers (the credential headers are found by name), and redacts a custom auth header by name
 * whatever the key's length.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, loggingMiddleware, request, type Logger, type Middleware } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-audit-logging-key-55aa';

let server: TestServer;
afterEach(() => server?.close());

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, lines };
}

/** Adds a tracing header without mutating the request (a new headers object). */
const addTrace: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-trace': 't-1' } });

describe('logging after user middleware that copies the headers', () => {
  it('loggingMiddleware({ logHeaders: true }) does not print a custom auth header', async () => {
    server = await startTestServer((req, res) => json(res, 200, {}));
    const { logger, lines } = recorder();
    const client = createClient({
      baseURL: server.url,
      apiKey: KEY,
      authHeader: { name: 'x-goog-api-key', prefix: '' },
      middleware: [addTrace, loggingMiddleware(logger, { logHeaders: true })],
    });
    await request(client, { method: 'GET', path: '/h', operation: 'audit.headers' });
    expect(server.requests[0]!.headers['x-goog-api-key']).toBe(KEY);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('x-trace');
    expect(lines[0]).not.toContain(KEY);
  });

  it('loggingMiddleware(logger) after it does not print a request id that echoes the key', async () => {
    server = await startTestServer((req, res) => json(res, 200, { ok: true }, { 'x-request-id': `req-${String(req.headers.authorization)}` }));
    const { logger, lines } = recorder();
    const client = createClient({ baseURL: server.url, apiKey: KEY, middleware: [addTrace, loggingMiddleware(logger)] });
    await request(client, { method: 'GET', path: '/rid', operation: 'audit.rid' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"requestId":"req-');
    expect(lines[0]).not.toContain(KEY);
  });
});

describe('logging a short key', () => {
  it('loggingMiddleware({ logHeaders: true }) redacts a 3-character key sent in a custom auth header', async () => {
    const SHORT = 'k9Z';
    server = await startTestServer((req, res) => json(res, 200, {}));
    const { logger, lines } = recorder();
    const client = createClient({
      baseURL: server.url,
      apiKey: SHORT,
      authHeader: { name: 'x-api-auth', prefix: '' },
      middleware: [loggingMiddleware(logger, { logHeaders: true })],
    });
    await request(client, { method: 'GET', path: '/h', operation: 'audit.short' });
    expect(server.requests[0]!.headers['x-api-auth']).toBe(SHORT);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"x-api-auth":"[redacted]"');
  });
});
