/**
 * buildUrl (client.ts): a path is appended to the baseURL (with a `/` when it has none), an
 * absolute http(s) URL is used as it is, query values are encoded and appended after any query
 * the path already has, undefined values are left out, and an object value is refused naming the
 * key.
 */
import { expect, it } from 'vitest';
import { InvalidRequestError, buildUrl, createClient } from '../../src/index.js';
import { thrownAs } from './_support.js';

const client = createClient({ baseURL: 'http://127.0.0.1:1/v1/' });

it('joins the path to the baseURL', () => {
  expect(buildUrl(client, '/models')).toBe('http://127.0.0.1:1/v1/models');
  expect(buildUrl(client, 'models')).toBe('http://127.0.0.1:1/v1/models');
  expect(buildUrl(client, 'https://files.example.test/a?sig=1')).toBe('https://files.example.test/a?sig=1');
  // only a path that starts with the scheme is absolute
  expect(buildUrl(client, '/redirect?to=https://files.example.test/a')).toBe('http://127.0.0.1:1/v1/redirect?to=https://files.example.test/a');
});

it('encodes and appends the query, after a query the path already has', () => {
  expect(buildUrl(client, '/models', { q: 'a b&c', 'k/ey': 'x=y', n: 2, on: false, skip: undefined })).toBe('http://127.0.0.1:1/v1/models?q=a%20b%26c&k%2Fey=x%3Dy&n=2&on=false');
  expect(buildUrl(client, '/models?cursor=abc', { limit: 10, page: 2 })).toBe('http://127.0.0.1:1/v1/models?cursor=abc&limit=10&page=2');
  expect(buildUrl(client, '/models', { skip: undefined })).toBe('http://127.0.0.1:1/v1/models');
});

it('refuses an object query value, naming its key', () => {
  const err = thrownAs(() => buildUrl(client, '/models', { filter: { a: 1 } as unknown as string }), InvalidRequestError);
  expect(err.path).toBe('query.filter');
});
