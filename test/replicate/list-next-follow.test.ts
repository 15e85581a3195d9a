/**
 * A Replicate list follows each page's `next` URL as given: the first page's filters (`sort_by`, …)
 * go on the first request only (the `next` URL carries its own cursor and filters), and a
 * `QUERY /models` search sends its method and plain-text query on every page.
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels, searchModels } from '../../src/replicate/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { modelPage, startPagedServer } from './_pages.js';

const startServer = startTestServerPerTest();

it('the first page carries the filters; the next page is fetched at its next URL exactly', async () => {
  const server = await startPagedServer(startServer, (base) => ({ '': modelPage(`${base}/v1/models?cursor=c2`, 'a'), c2: modelPage(null, 'b') }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  const names = (await listModels(client, { sort_by: 'latest_version_created_at', sort_direction: 'desc' }).toArray()).map((m) => m.name);
  expect(names).toEqual(['a', 'b']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models?sort_by=latest_version_created_at&sort_direction=desc', '/v1/models?cursor=c2']);
});

it('searchModels sends QUERY with the text body on every page, following next', async () => {
  const server = await startPagedServer(startServer, (base) => ({ '': modelPage(`${base}/v1/models?cursor=c2`, 'up1'), c2: modelPage(null, 'up2') }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  expect((await searchModels(client, 'upscaler').toArray()).map((m) => m.name)).toEqual(['up1', 'up2']);
  expect(server.requests.map((r) => `${r.method} ${r.url} ${r.text()} ${r.headers['content-type']}`)).toEqual([
    'QUERY /v1/models upscaler text/plain',
    'QUERY /v1/models?cursor=c2 upscaler text/plain',
  ]);
});
