import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError, createClient, paginate, request, type Client, type Page, loggingMiddleware } from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

const PageSchema = z.object({ items: z.array(z.object({ id: z.number() })), next: z.string().nullable() });

/** 4 pages of 3 items (ids 0..11), cursors p1..p3; `cycle` makes p2 point back to p1. */
function pagedServer(opts: { cycle?: boolean } = {}): Promise<TestServer> {
  return startServer((req, res) => {
    const cursor = req.query.get('cursor');
    const page = cursor === null ? 0 : Number(cursor.slice(1));
    if (!(page >= 0 && page <= 3)) return json(res, 404, { error: `no page ${cursor}` });
    const next = opts.cycle && page === 2 ? 'p1' : page < 3 ? `p${page + 1}` : null;
    json(res, 200, { items: [0, 1, 2].map((i) => ({ id: page * 3 + i })), next });
  });
}

function lister(client: Client) {
  return paginate<{ id: number }, string>(async (cursor): Promise<Page<{ id: number }, string>> => {
    const page = await request(client, { method: 'GET', path: '/items', query: { cursor, limit: 3 }, schema: PageSchema, operation: 'test.list' });
    return { items: page.items, next: page.next };
  });
}

describe.each(TRANSPORTS)('pagination over %s', (_name, makeTransport) => {
  const client = () => createClient({ baseURL: server!.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger())] });

  it('iterates every item across pages, fetching each page once, in order', async () => {
    server = await pagedServer();
    const ids: number[] = [];
    for await (const item of lister(client())) ids.push(item.id);
    expect(ids).toEqual([...Array(12).keys()]);
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'p1', 'p2', 'p3']);
    expect(server.requests.every((r) => r.query.get('limit') === '3')).toBe(true);
  });

  it('is lazy: nothing is fetched until iterated, and a page only when reached', async () => {
    server = await pagedServer();
    const list = lister(client());
    expect(server.count()).toBe(0);
    const it = list[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ id: 0 });
    expect(server.count()).toBe(1);
    await it.next();
    await it.next();
    expect(server.count()).toBe(1);
    expect((await it.next()).value).toEqual({ id: 3 });
    expect(server.count()).toBe(2);
    await it.return?.();
  });

  it('toArray(limit) stops fetching once it has enough', async () => {
    server = await pagedServer();
    expect((await lister(client()).toArray(4)).map((i) => i.id)).toEqual([0, 1, 2, 3]);
    expect(server.count()).toBe(2);
    expect(await lister(client()).toArray(0)).toEqual([]);
    expect(server.count()).toBe(2);
    expect(await lister(client()).toArray()).toHaveLength(12);
    expect(server.count()).toBe(6);
  });

  it('pages() yields whole pages with their cursors', async () => {
    server = await pagedServer();
    const nexts: (string | null | undefined)[] = [];
    for await (const page of lister(client()).pages()) {
      expect(page.items).toHaveLength(3);
      nexts.push(page.next);
    }
    expect(nexts).toEqual(['p1', 'p2', 'p3', null]);
  });

  it('a cursor cycle stops instead of looping forever', async () => {
    server = await pagedServer({ cycle: true });
    const ids = (await lister(client()).toArray(1000)).map((i) => i.id);
    // pages 0, 1, 2 and then p1 again -> stop
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(server.count()).toBe(3);
  });

  it('a failing page surfaces its typed error to the iterator', async () => {
    server = await startServer((req, res) =>
      req.query.get('cursor') === 'p1' ? json(res, 404, { error: 'cursor expired' }) : json(res, 200, { items: [{ id: 1 }], next: 'p1' }),
    );
    const seen: number[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const item of lister(client())) seen.push(item.id);
      })(),
      leaks,
    );
    expect(seen).toEqual([1]);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toContain('cursor expired');
  });
});

describe('toArray(limit) checks its limit', () => {
  // Regression (audit6): `limit <= 0` and `out.length >= limit` are both false for NaN, so
  // toArray(NaN) read every page instead of failing.
  it.each<[unknown]>([[Number.NaN], [-1], [2.5], ['3']])('toArray(%s) rejects with InvalidRequestError before fetching a page', async (limit) => {
    let fetched = 0;
    const pages = paginate<number, number>(async (cursor) => {
      fetched++;
      const n = cursor ?? 0;
      return { items: [n], next: n < 50 ? n + 1 : null };
    });
    const err = await rejectionOf(pages.toArray(limit as number));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('limit');
    expect(fetched).toBe(0);
  });

  it('accepts 0, a whole number and Infinity', async () => {
    const pages = paginate<number, number>(async (cursor) => ({ items: [cursor ?? 0], next: (cursor ?? 0) < 4 ? (cursor ?? 0) + 1 : null }));
    expect(await pages.toArray(0)).toEqual([]);
    expect(await pages.toArray(2)).toEqual([0, 1]);
    expect(await pages.toArray(Infinity)).toEqual([0, 1, 2, 3, 4]);
  });
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 2);
});
