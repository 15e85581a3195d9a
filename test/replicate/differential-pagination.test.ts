/**
 * Differential: pagination over `next` URLs, the official `replicate.paginate(...)` against
 * modelwire's lazy lists, on the same pages of the same loopback Replicate (2 items a page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { TRANSPORTS, useDifferential } from './_differential.js';

const d = useDifferential({ pageSize: 2 });
let elsewhere: TestServer;
beforeAll(async () => {
  d.rs.seedPredictions(5);
  // another origin that answers a page like Replicate would, and records what reaches it
  elsewhere = await startTestServer((req, res) => json(res, 200, { next: null, previous: null, results: [] }));
});
afterAll(() => elsewhere.close());

async function officialPages(): Promise<string[][]> {
  const r = d.official();
  const out: string[][] = [];
  for await (const page of r.paginate(r.predictions.list)) out.push((page as { id: string }[]).map((p) => p.id));
  return out;
}

describe.each(TRANSPORTS)('differential pagination (modelwire over %s)', (transport) => {
  it('every page in order: the same items and the same requests (each next URL followed as given)', async () => {
    const a = d.mark();
    const o = await officialPages();
    const b = d.mark();
    const m: string[][] = [];
    for await (const page of d.modelwire(transport).predictions.list().pages()) m.push(page.items.map((p) => p.id));
    expect(m).toEqual(o);
    expect(o.map((p) => p.length)).toEqual([2, 2, 1]);
    const wire = (from: number, to?: number) => d.wire(from).slice(0, to === undefined ? undefined : to - from).map((w) => `${w.method} ${w.path} ${JSON.stringify(w.query)}`);
    expect(wire(b)).toEqual(wire(a, b));
    expect(wire(a, b)).toEqual(['GET /v1/predictions {}', 'GET /v1/predictions {"cursor":"2"}', 'GET /v1/predictions {"cursor":"4"}']);
  });

  it('a next URL on another origin: the official client follows it there with the API token; modelwire rebases it onto its base URL (the token stays home)', async () => {
    d.rs.setPageLinkOrigin(elsewhere.url);
    try {
      const seen = elsewhere.requests.length;
      const o = await officialPages();
      const leaked = elsewhere.requests.slice(seen);
      expect(leaked.map((r) => `${r.method} ${r.path}?${r.query.toString()}`)).toEqual(['GET /v1/predictions?cursor=2']);
      expect(leaked[0]!.headers.authorization).toBe(`Bearer ${d.rs.token}`);
      expect(o.map((p) => p.length)).toEqual([2, 0]); // the rest came from the other host
      const m: string[][] = [];
      for await (const page of d.modelwire(transport).predictions.list().pages()) m.push(page.items.map((p) => p.id));
      expect(elsewhere.requests.length).toBe(seen + 1);
      expect(m.map((p) => p.length)).toEqual([2, 2, 1]);
    } finally {
      d.rs.setPageLinkOrigin(undefined);
    }
  });

  it('a relative next URL ("/v1/predictions?cursor=2", "?cursor=2"): modelwire resolves it against the page it came from (RFC 3986); the official client against its base URL, reaching a path that does not exist', async () => {
    for (const next of ['/v1/predictions?cursor=2', '?cursor=2']) {
      const officialPath = next.startsWith('/') ? '/v1/v1/predictions' : '/v1/';
      d.rs.server.faults.push({ match: '/v1/predictions', fault: { kind: 'status', status: 200, body: { results: [], next, previous: null } } });
      const a = d.mark();
      const o = await officialPages().then(() => undefined, (err: Error) => err);
      expect(o?.message).toContain('failed with status 404');
      expect(d.wire(a).map((w) => w.path)).toEqual(['/v1/predictions', officialPath]);
      d.rs.server.faults.push({ match: '/v1/predictions', fault: { kind: 'status', status: 200, body: { results: [], next, previous: null } } });
      const b = d.mark();
      const m: number[] = [];
      for await (const page of d.modelwire(transport).predictions.list().pages()) m.push(page.items.length);
      expect(m).toEqual([0, 2, 1]);
      expect(d.wire(b).map((w) => `${w.path} ${JSON.stringify(w.query)}`)).toEqual(['/v1/predictions {}', '/v1/predictions {"cursor":"2"}', '/v1/predictions {"cursor":"4"}']);
    }
  });
});
