import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { listedModel, startPagedServer } from './_pages.js';

const startServer = startTestServerPerTest();

it('a next URL cycling back to the first page ends the list: page 1 is not fetched and yielded again', async () => {
  const server = await startPagedServer(startServer, (base) => ({
    '': { next: `${base}/v1/models?cursor=2`, previous: null, results: [listedModel('a')] },
    '2': { next: `${base}/v1/models`, previous: `${base}/v1/models`, results: [listedModel('b')] }, // back to page 1
  }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  const names = (await listModels(client).toArray(100)).map((m) => m.name);
  // the core paginator stops a cycle before refetching a page (test/core/paginate.test.ts); the first page too
  expect(names).toEqual(['a', 'b']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=2']);
});
