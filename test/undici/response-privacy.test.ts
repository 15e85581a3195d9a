/**
 * The undici transport's response keeps the wire request (whose headers carry the credential) in a
 * private field: JSON.stringify and util.inspect of a response, as a user or a debug middleware
 * might print it, show no credential.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request, type WireResponse } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-audit-undici-response-31337';

let server: TestServer;
afterEach(() => server?.close());

describe('undici responses', () => {
  it('JSON.stringify and util.inspect of a response carry no credential', async () => {
    server = await startTestServer((req, res) => json(res, 200, { ok: true }));
    const client = createClient({ baseURL: server.url, apiKey: KEY, transport: undiciTransport(), retry: false });
    const res = await request<WireResponse>(client, { method: 'GET', path: '/r', operation: 'audit.response', responseType: 'response' });
    expect(res.status).toBe(200);
    await res.text();
    expect(JSON.stringify(res)).not.toContain(KEY);
    expect(inspect(res, { depth: 6 })).not.toContain(KEY);
  });

  it('a response seen by user middleware carries no credential', async () => {
    server = await startTestServer((req, res) => json(res, 200, { ok: true }));
    const seen: string[] = [];
    const client = createClient({
      baseURL: server.url,
      apiKey: KEY,
      transport: undiciTransport(),
      middleware: [
        (next) => async (req) => {
          const res = await next(req);
          seen.push(JSON.stringify(res)); // e.g. a debug logger dumping the response
          return res;
        },
      ],
    });
    await request(client, { method: 'GET', path: '/r', operation: 'audit.response' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(KEY);
  });
});
