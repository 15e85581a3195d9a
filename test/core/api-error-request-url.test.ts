/**
 * An APIError says where the request went: `method` and `url` (query values and user info hidden,
 * credentials scrubbed), in the error and in its toJSON() (so `console.error(err)` shows them).
 * A new user whose baseURL lacks `/v1` (or has one `/v2` too many) got
 * `openai.chat.completions.create failed with HTTP 404: 404 page not found` and no way to see
 * which URL had answered 404; a ConnectionError already named its URL.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { APIError, NotFoundError, createClient, request } from '../../src/index.js';
import { createOpenAIClient } from '../../src/openai/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('%s', (_name, transport) => {
  it('a 404 from a base URL without /v1 names the method and URL it answered', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    });
    const openai = createOpenAIClient({ baseURL: server.url, apiKey: API_KEY, transport: transport() });
    const err = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    const e = err as NotFoundError;
    expect(e.method).toBe('POST');
    expect(e.url).toBe(`${server.url}/chat/completions`);
    expect(e.toJSON()).toMatchObject({ method: 'POST', url: `${server.url}/chat/completions` });
    expect(inspect(e)).toContain(`${server.url}/chat/completions`);
    expect(e.message).toBe('openai.chat.completions.create failed with HTTP 404: 404 page not found');
  });

  it('query values and credentials are not shown', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"error":"no"}');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: transport(), retry: false });
    const err = await request(client, { method: 'GET', path: `/v1/things/${API_KEY}`, query: { api_key: 'q-secret-123456', page: 2 }, operation: 'things.get' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    const e = err as APIError;
    expect(e.method).toBe('GET');
    expect(e.url).toMatch(new RegExp(`^${server.url}/v1/things/`));
    expect(e.url).toContain('api_key=…');
    for (const text of [e.url, JSON.stringify(e), inspect(e)]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain('q-secret-123456');
    }
  });
});

it('an APIError built by hand has neither', () => {
  const e = APIError.fromStatus({ status: 404 });
  expect(e.method).toBeUndefined();
  expect(e.url).toBeUndefined();
  expect(e.toJSON()).not.toHaveProperty('url');
});
