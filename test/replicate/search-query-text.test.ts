/**
 * A search query is text, sent in a query parameter (`GET /search?query=…`) or as the plain-text body
 * of `QUERY /models`; it never becomes a path segment. `search` and `searchModels` checked it as
 * one, so a query of '.' or '..' (a user searching for dots) was refused as if it could resolve to
 * another endpoint. It is sent as typed; an empty query, or one no URL or body can carry (a lone
 * surrogate, which the body's UTF-8 would turn into U+FFFD), is still refused before sending.
 */
import { expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { search, searchModels } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

async function replicate() {
  const server = await startServer((req, res) => {
    if (req.path === '/search') return json(res, 200, { query: req.query.get('query'), models: [], collections: [], pages: [] });
    json(res, 200, { results: [], next: null, previous: null });
  });
  return { server, client: createClient({ baseURL: server.url, retry: false }) };
}

it.each(['.', '..'])("search sends the query %j as it is", async (query) => {
  const { server, client } = await replicate();
  expect((await search(client, query)).query).toBe(query);
  expect(server.requests[0]!.query.get('query')).toBe(query);
});

it.each(['.', '..'])("searchModels sends the query %j as its body", async (query) => {
  const { server, client } = await replicate();
  expect(await searchModels(client, query).toArray()).toEqual([]);
  expect(server.requests[0]!.body.toString()).toBe(query);
});

it.each([
  ['an empty query', ''],
  ['a lone surrogate', 'a\ud800'],
  ['no string', 5 as unknown as string],
])('%s is refused before sending, naming query', async (_name, query) => {
  const { server, client } = await replicate();
  for (const call of [() => search(client, query), () => searchModels(client, query).toArray()]) {
    const err = await call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('query');
  }
  expect(server.requests).toHaveLength(0);
});
