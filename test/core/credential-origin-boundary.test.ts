/**
 * Credentials (the API key, and credential headers of the client's `headers` option) go only to
 * the baseURL's origin (docs/core.md, option table; client.ts credentialMiddleware). "The origin"
 * means scheme, host and port exactly: a URL that merely starts with the same characters (a host
 * with a longer name, another port) is another origin. A recording transport shows what each URL
 * would have been sent with; nothing goes on the network.
 */
import { describe, expect, it } from 'vitest';
import { createClient, request, type Transport, type WireRequest } from '../../src/index.js';

const KEY = 'sk-origin-boundary-5e7a';

function recordingClient(baseURL: string, extra: { headers?: Record<string, string>; apiKey?: string } = { apiKey: KEY }) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const transport: Transport = async (req: WireRequest) => {
    seen.push({ url: req.url, headers: { ...req.headers } });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = createClient({ baseURL, transport, retry: false, ...extra });
  const get = async (path: string) => {
    await request(client, { method: 'GET', path, operation: 'test.origin' });
    return seen.at(-1)!.headers;
  };
  return { get, seen };
}

describe('the credential goes to the base origin only', () => {
  it('is sent for the origin itself, a path on it and a query right after it', async () => {
    const { get } = recordingClient('http://api.example.test/v1');
    expect((await get('/models')).authorization).toBe(`Bearer ${KEY}`);
    expect((await get('http://api.example.test')).authorization).toBe(`Bearer ${KEY}`);
    expect((await get('http://api.example.test?page=2')).authorization).toBe(`Bearer ${KEY}`);
    expect((await get('http://api.example.test/other/path')).authorization).toBe(`Bearer ${KEY}`);
  });

  it('is not sent to a host whose name only starts with the base host', async () => {
    const { get } = recordingClient('http://api.example.test/v1');
    expect((await get('http://api.example.test.attacker.io/v1/models')).authorization).toBeUndefined();
    expect((await get('http://api.example.testing/v1/models')).authorization).toBeUndefined();
  });

  it('is not sent to another port or scheme of the same host', async () => {
    const { get } = recordingClient('http://api.example.test:8000');
    expect((await get('/v2/models')).authorization).toBe(`Bearer ${KEY}`);
    expect((await get('http://api.example.test:80001/v2/models')).authorization).toBeUndefined();
    expect((await get('http://api.example.test/v2/models')).authorization).toBeUndefined();
    expect((await get('https://api.example.test:8000/v2/models')).authorization).toBeUndefined();
  });

  it('a credential header of the headers option follows the same rule; other headers go everywhere', async () => {
    const { get } = recordingClient('https://api.example.test/v1', { headers: { 'X-Api-Key': KEY, 'X-Team': 'search' } });
    expect(await get('/models')).toMatchObject({ 'x-api-key': KEY, 'x-team': 'search' });
    const other = await get('https://api.example.test.attacker.io/v1/models');
    expect(other['x-api-key']).toBeUndefined();
    expect(other['x-team']).toBe('search');
  });
});
