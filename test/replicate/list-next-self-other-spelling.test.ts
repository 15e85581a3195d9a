/**
 * A page whose `next` names that same page, written another way than the URL it was fetched at (a
 * relative `next` for an absolute one, a query-only one, the host in capitals), ends the list: it
 * is not fetched again and its items are not handed out twice.
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { modelPage, startPagedServer } from './_pages.js';

const startServer = startTestServerPerTest();

const spellings: [string, (base: string) => string][] = [
  ['a path-absolute next', () => '/v1/models?cursor=c2'],
  ['a query-only next', () => '?cursor=c2'],
  ['the host in capitals', (base) => `${base.toUpperCase()}/v1/models?cursor=c2`],
];

it.each(spellings)('%s naming the page it came with ends the list', async (_, self) => {
  const server = await startPagedServer(startServer, (base) => ({ '': modelPage(`${base}/v1/models?cursor=c2`, 'a'), c2: modelPage(self(base), 'b') }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  expect((await listModels(client).toArray()).map((m) => m.name)).toEqual(['a', 'b']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=c2']);
  // pages() reports the end of the list the same way
  const nexts = [];
  for await (const page of listModels(client).pages()) nexts.push(page.next);
  expect(nexts).toEqual([`${server.url}/v1/models?cursor=c2`, null]);
});

it('a next that differs from the page only in its cursor is followed', async () => {
  const server = await startPagedServer(startServer, () => ({ '': modelPage('?cursor=c2', 'a'), c2: modelPage('/v1/models?cursor=c3', 'b'), c3: modelPage(null, 'c') }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  expect((await listModels(client).toArray()).map((m) => m.name)).toEqual(['a', 'b', 'c']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=c2', '/v1/models?cursor=c3']);
});
