/**
 * Credentials where a server or a header name would carry them past the fixed redaction list
 * (src/core/redact.ts): a request id that echoes the key, and a custom auth header in logged headers.
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError, createClient, loggingMiddleware, request, type APIError } from '../../src/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('credentials echoed or renamed over %s', (_name, makeTransport) => {
  const echo = (req: { headers: Record<string, string | string[] | undefined> }) => ({ 'x-request-id': `req-${String(req.headers.authorization)}` });

  it("a request id that echoes the key is scrubbed from the error's requestId, toJSON and inspect", async () => {
    const leaks = new LeakScanner();
    const server = await startServer((req, res) => json(res, 500, { error: 'boom' }, echo(req)));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const err = (await rejectionOf(request(client, { method: 'GET', path: '/rid', operation: 'test.rid' }), leaks)) as APIError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.requestId).toBe('req-Bearer [redacted]');
    leaks.assertClean();
  });

  it('the client logger scrubs a request id that echoes the key', async () => {
    const leaks = new LeakScanner();
    const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const server = await startServer((req, res) => json(res, 200, { ok: true }, echo(req)));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger(lines))] });
    await request(client, { method: 'GET', path: '/rid', operation: 'test.rid' });
    expect(lines.map((l) => l.fields.requestId)).toEqual(['req-[redacted]']);
    leaks.assertClean(API_KEY, 0);
  });

  it('loggingMiddleware({ logHeaders: true }) redacts a custom auth header (x-goog-api-key)', async () => {
    const leaks = new LeakScanner();
    const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const server = await startServer((req, res) => json(res, 200, {}));
    const client = createClient({
      baseURL: server.url,
      apiKey: API_KEY,
      authHeader: { name: 'x-goog-api-key', prefix: '' },
      transport: makeTransport(),
      middleware: [loggingMiddleware(leaks.logger(lines), { logHeaders: true })],
    });
    await request(client, { method: 'GET', path: '/h', operation: 'test.headers' });
    expect(server.requests[0]?.headers['x-goog-api-key']).toBe(API_KEY);
    expect((lines[0]?.fields.headers as Record<string, string>)['x-goog-api-key']).toBe('[redacted]');
    leaks.assertClean(API_KEY, 0);
  });
});
