/**
 * requestIdMiddleware tells `onResponse` a request id scrubbed of the request's credentials.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request, requestIdMiddleware } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-audit-request-id-hook-9090';

let server: TestServer;
afterEach(() => server?.close());

describe('requestIdMiddleware', () => {
  it('onResponse is not told a request id that echoes the key', async () => {
    server = await startTestServer((req, res) => json(res, 200, { ok: true }, { 'x-request-id': `req-${String(req.headers.authorization)}` }));
    const ids: (string | undefined)[] = [];
    const client = createClient({
      baseURL: server.url,
      apiKey: KEY,
      middleware: [requestIdMiddleware({ onResponse: ({ requestId }) => void ids.push(requestId) })],
    });
    await request(client, { method: 'GET', path: '/rid', operation: 'audit.rid' });
    expect(ids).toHaveLength(1);
    expect(ids[0]).toContain('req-');
    expect(ids[0]).not.toContain(KEY);
  });
});
