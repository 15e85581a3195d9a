/**
 * paginate (src/core/paginate.ts) with the first page's own cursor (`first`): a `next` leading back
 * to the first page ends the list on its first repeat, as any other repeated cursor does, instead of
 * reading (and yielding) the first page a second time. Counted on a loopback server.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, paginate, request, type Client, type Page } from '../../src/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY } from './_support.js';

const startServer = startTestServerPerTest();
const PageSchema = z.object({ items: z.array(z.number()), next: z.union([z.string(), z.number()]).nullable() });

/** A list fetched page by page at the cursor the paginator hands over (a URL, or an offset in the query). */
function lister<C extends string | number>(client: Client, first: C) {
  return paginate<number, C>(async (cursor): Promise<Page<number, C>> => {
    const spec = typeof cursor === 'number' ? { path: '/items', query: { offset: cursor } } : { path: cursor as string };
    const page = await request(client, { method: 'GET', ...spec, schema: PageSchema, operation: 'test.list' });
    return { items: page.items, next: page.next as C | null };
  }, first);
}

describe('a next leading back to the first page', () => {
  it('URL cursors: a first page whose next is its own URL is read once', async () => {
    const server = await startServer((_req, res) => json(res, 200, { items: [1, 2], next: `${server.url}/items` }));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    expect(await lister(client, `${server.url}/items`).toArray()).toEqual([1, 2]);
    expect(server.count()).toBe(1);
  });

  it('URL cursors: a cycle back to the first page from a later one reads every page once', async () => {
    const server = await startServer((req, res) => {
      const n = Number(req.query.get('page') ?? 1);
      json(res, 200, { items: [n], next: n < 3 ? `${server.url}/items?page=${n + 1}` : `${server.url}/items` });
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    const pages = [];
    for await (const page of lister(client, `${server.url}/items`).pages()) pages.push(page.items);
    expect(pages).toEqual([[1], [2], [3]]);
    expect(server.requests.map((r) => r.url)).toEqual(['/items', '/items?page=2', '/items?page=3']);
  });

  it('offset cursors: a next of 0 after the page at offset 0 ends the list', async () => {
    const server = await startServer((req, res) => {
      const offset = Number(req.query.get('offset'));
      json(res, 200, { items: [offset, offset + 1], next: offset === 0 ? 2 : 0 });
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    expect(await lister(client, 0).toArray()).toEqual([0, 1, 2, 3]);
    expect(server.requests.map((r) => r.query.get('offset'))).toEqual(['0', '2']);
  });
});

describe('without first', () => {
  it('the fetcher gets undefined for the first page, and a repeated next still ends the list', async () => {
    const cursors: Array<string | undefined> = [];
    const list = paginate<string, string>(async (cursor) => {
      cursors.push(cursor);
      return { items: [cursor ?? 'start'], next: 'a' };
    });
    expect(await list.toArray()).toEqual(['start', 'a']);
    expect(cursors).toEqual([undefined, 'a']);
  });
});
