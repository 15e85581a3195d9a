import { afterEach, describe, expect, it } from 'vitest';
import { createClient, fetchTransport, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-origin-check-91b2';
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe.each([
  ['fetch', () => fetchTransport()],
  ['undici', () => undiciTransport()],
])('the credential stays on the client origin (%s)', (_name, transport) => {
  it('is sent to the base origin and not to another host named by an absolute URL', async () => {
    const home = await startTestServer((req, res) => json(res, 200, { ok: true }));
    const other = await startTestServer((req, res) => json(res, 200, { ok: true }));
    servers.push(home, other);
    const client = createClient({ baseURL: `${home.url}/v1`, apiKey: KEY, transport: transport() });
    await request(client, { method: 'GET', path: '/models', operation: 'test.home' });
    await request(client, { method: 'GET', path: `${other.url}/v1/models?page=2`, operation: 'test.other' });
    expect(home.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('a per-call authorization header wins over the client key', async () => {
    const home = await startTestServer((req, res) => json(res, 200, { ok: true }));
    servers.push(home);
    const client = createClient({ baseURL: home.url, apiKey: KEY, transport: transport() });
    await request(client, { method: 'GET', path: '/x', operation: 'test.override' }, { headers: { Authorization: 'Bearer other' } });
    expect(home.requests[0]!.headers.authorization).toBe('Bearer other');
  });
});

describe('the key cannot be read back from a client', () => {
  it('no own property of the client, enumerable or not, holds it', () => {
    const client = createClient({ baseURL: 'http://127.0.0.1:1', apiKey: KEY });
    const values = Object.getOwnPropertyNames(client).map((k) => (client as unknown as Record<string, unknown>)[k]);
    const flat = JSON.stringify(values, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));
    expect(flat).not.toContain(KEY);
    expect('secrets' in client).toBe(false);
  });
});
