import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
const model = { url: 'https://replicate.com/acme/echo', owner: 'acme', name: 'echo', description: null, visibility: 'public', github_url: null, paper_url: null, license_url: null, run_count: 1, cover_image_url: null, default_example: null, latest_version: null };

it('an empty next ("" from a proxy) ends the list: the first page is not fetched and yielded again', async () => {
  const server = await startServer((req, res) => json(res, 200, { next: '', previous: null, results: [model] }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  const all = await listModels(client).toArray();
  expect(all.map((m) => m.name)).toEqual(['echo']);
  expect(server.count('/v1/models')).toBe(1);
});
