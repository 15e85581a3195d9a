import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { modelPage } from './_pages.js';

const startServer = startTestServerPerTest();

it('an empty next ("" from a proxy) ends the list: the first page is not fetched and yielded again', async () => {
  const server = await startServer((req, res) => json(res, 200, modelPage('', 'echo')));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_token_abcdef' });
  const all = await listModels(client).toArray();
  expect(all.map((m) => m.name)).toEqual(['echo']);
  expect(server.count('/v1/models')).toBe(1);
});
