/**
 * List pages for pagination tests on a plain loopback server: a model as a list carries it, and a
 * server that answers each `?cursor=` with its own page.
 */
import { json, type startTestServer } from '../helpers/test-server.js';

/** A model as a list page carries it (the fields Replicate's schema requires). */
export const listedModel = (name: string) => ({ url: `https://replicate.com/acme/${name}`, owner: 'acme', name, description: null, visibility: 'public', github_url: null, paper_url: null, license_url: null, run_count: 1, cover_image_url: null, default_example: null, latest_version: null });

/** A page of the models named `names` whose `next` is `next`. */
export const modelPage = (next: string | null, ...names: string[]) => ({ next, previous: null, results: names.map(listedModel) });

/**
 * Starts a server (with `start`, e.g. `startTestServerPerTest()`) that answers a request with
 * `pages(origin)[cursor]`, `''` being the first page (no cursor); `origin` is the server's own.
 */
export async function startPagedServer(start: typeof startTestServer, pages: (origin: string) => Record<string, unknown>) {
  let byCursor: Record<string, unknown> = {};
  const server = await start((req, res) => json(res, 200, byCursor[req.query.get('cursor') ?? '']));
  byCursor = pages(server.url);
  return server;
}
