/**
 * A Replicate list iterated with `for await` (docs/core.md, "Pagination and polling"): `break`
 * fetches no further page; a signal that aborts mid-page lets the rest of that page through, then
 * the next page's request throws AbortError (it never reaches the server); an empty page with a
 * `next` is followed.
 */
import { expect, it } from 'vitest';
import { AbortError, createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { modelPage, startPagedServer } from './_pages.js';

const startServer = startTestServerPerTest();
const KEY = 'r8_test_token_abcdef';
const threePages = (base: string) => ({ '': modelPage(`${base}/v1/models?cursor=2`), '2': modelPage(`${base}/v1/models?cursor=3`, 'a', 'b'), '3': modelPage(null, 'c') });

it('an empty page with a next is followed, and break fetches no further page', async () => {
  const server = await startPagedServer(startServer, threePages);
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY });
  const names: string[] = [];
  for await (const m of listModels(client)) {
    names.push(m.name);
    break;
  }
  expect(names).toEqual(['a']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=2']);
});

it('an abort mid-page hands out the rest of that page, then the next page throws AbortError without a request', async () => {
  const server = await startPagedServer(startServer, threePages);
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY });
  const controller = new AbortController();
  const names: string[] = [];
  const err = await (async () => {
    for await (const m of listModels(client, {}, { signal: controller.signal })) {
      names.push(m.name);
      controller.abort();
    }
  })().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AbortError);
  expect(names).toEqual(['a', 'b']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=2']);
});
