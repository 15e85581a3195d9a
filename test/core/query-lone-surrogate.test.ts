/**
 * A query value (or name) holding a lone surrogate (a string cut inside an emoji) cannot be put in a
 * URL: encodeURIComponent threw a bare URIError ("URI malformed") out of the call. It is refused with
 * an InvalidRequestError naming `query.<name>`, before anything is sent. Reported, not fixed, by the
 * property suite's helper (test/oip/path-segments.property.test.ts found the same for path segments).
 */
import { expect, it } from 'vitest';
import { buildUrl, createClient, InvalidRequestError, request } from '../../src/index.js';

const cut = '\ud83d\ude00 text'.slice(1); // '\ude00 text'

it('buildUrl refuses a lone surrogate in a query value or name, naming it; a whole pair is encoded', () => {
  const client = createClient({ baseURL: 'https://api.example.com' });
  expect(() => buildUrl(client, '/x', { q: cut })).toThrow(InvalidRequestError); // before the fix: URIError
  expect(() => buildUrl(client, '/x', { q: cut })).toThrow(expect.objectContaining({ path: 'query.q' }));
  expect(() => buildUrl(client, '/x', { [cut]: 'v' })).toThrow(InvalidRequestError);
  expect(buildUrl(client, '/x', { q: '\ud83d\ude00' })).toBe('https://api.example.com/x?q=%F0%9F%98%80');
});

it('a request with such a query rejects with InvalidRequestError, nothing sent', async () => {
  let sent = 0;
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: async () => (sent++, new Response('{}')), retry: false });
  await expect(request(client, { method: 'GET', path: '/x', operation: 'test.query', query: { q: cut } })).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'query.q' });
  expect(sent).toBe(0);
});
