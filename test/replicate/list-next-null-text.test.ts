/**
 * Replicate's own API description renders a last page's `next` as the text "null" (the example of
 * `GET /collections`: `"next": "null"`). Such a `next` is no URL and carries no cursor: it ends the
 * list. Followed, it was rebased onto the list path without the first page's filters, so a sorted or
 * filtered list went on with the whole unsorted, unfiltered list.
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listCollections, listModels, listPredictions } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { modelPage } from './_pages.js';

const startServer = startTestServerPerTest();
const token = 'r8_test_token_abcdef';

it('a sorted listModels whose page says next "null" ends there: the unsorted list is not fetched', async () => {
  const server = await startServer((req, res) => json(res, 200, req.query.has('sort_by') ? modelPage('null', 'sorted') : modelPage(null, 'unsorted-1', 'unsorted-2')));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: token });
  const names = (await listModels(client, { sort_by: 'model_created_at', sort_direction: 'asc' }).toArray()).map((m) => m.name);
  expect(names).toEqual(['sorted']);
  expect(server.requests.map((r) => r.url)).toEqual(['/v1/models?sort_by=model_created_at&sort_direction=asc']);
});

it('a filtered listPredictions whose page says next "null" yields only the filtered predictions', async () => {
  const prediction = (id: string) => ({ id, status: 'succeeded', created_at: '2026-01-02T00:00:00Z', urls: {} });
  const server = await startServer((req, res) =>
    json(res, 200, req.query.has('created_after') ? { next: 'null', previous: null, results: [prediction('recent')] } : { next: null, previous: null, results: [prediction('old-1'), prediction('old-2')] }),
  );
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: token });
  const ids = (await listPredictions(client, { created_after: '2026-01-01T00:00:00Z' }).toArray()).map((p) => p.id);
  expect(ids).toEqual(['recent']);
  expect(server.count('/v1/predictions')).toBe(1);
});

it('the spec example of GET /collections (next "null") lists its one collection once', async () => {
  const example = { next: 'null', previous: null, results: [{ name: 'Super resolution', slug: 'super-resolution', description: 'Upscaling models that create high-quality images from low-quality images.' }] };
  const server = await startServer((req, res) => json(res, 200, example));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: token });
  expect((await listCollections(client).toArray()).map((c) => c.slug)).toEqual(['super-resolution']);
  expect(server.requests).toHaveLength(1);
  // the page's next is reported as the end of the list
  const pages = [];
  for await (const page of listCollections(client).pages()) pages.push(page.next);
  expect(pages).toEqual([null]);
});
