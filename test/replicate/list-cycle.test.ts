import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
const model = (name: string) => ({ url: `https://replicate.com/acme/${name}`, owner: 'acme', name, description: null, visibility: 'public', github_url: null, paper_url: null, license_url: null, run_count: 1, cover_image_url: null, default_example: null, latest_version: null });

it('a next URL cycling back to the first page ends the list: page 1 is not fetched and yielded again', async () => {
  let base = '';
  const server = await startServer((req, res) =>
    req.query.get('cursor') === '2'
      ? json(res, 200, { next: `${base}/v1/models`, previous: `${base}/v1/models`, results: [model('b')] }) // back to page 1
      : json(res, 200, { next: `${base}/v1/models?cursor=2`, previous: null, results: [model('a')] }),
  );
  base = server.url;
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  const names = (await listModels(client).toArray(100)).map((m) => m.name);
  // the core paginator stops a cycle before refetching a page (test/core/paginate.test.ts); the first page too
  expect(names).toEqual(['a', 'b']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=2']);
});
