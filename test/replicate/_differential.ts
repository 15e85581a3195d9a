/**
 * Differential testing against the official `replicate` client (dev dependency replicate@1.4.0):
 * both clients on the SAME loopback Replicate (`test/helpers/replicate-server.ts`, port 0), fed the
 * same answers, so a suite can compare what each sends (method, path, query, body, chosen headers),
 * what it returns and what it throws. modelwire runs on both of its transports (fetch and undici).
 *
 * The official client gets a guard `fetch` that refuses anything but 127.0.0.1 and `data:` URLs
 * (its `FileOutput` fetches an output URL as soon as it is built), so no test can leave the machine.
 *
 * @example
 * ```ts
 * const d = useDifferential();
 * it('sends the same get', async () => {
 *   const [a, b] = await d.sideBySide((r) => r.predictions.get('x'), (m) => m.predictions.get('x'));
 * });
 * ```
 */
import Replicate from 'replicate';
import { afterAll, beforeAll, expect } from 'vitest';
import { createClient, fetchTransport, type ClientOptions, type Transport } from '../../src/index.js';
import { createReplicateClient, type ReplicateClient } from '../../src/replicate/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import type { RecordedRequest } from '../helpers/recorded.js';
import { startReplicateServer, type ReplicateServer, type ReplicateServerOptions } from '../helpers/replicate-server.js';

/** The two modelwire transports every differential suite runs on. */
export const TRANSPORTS = ['fetch', 'undici'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/** A request as both clients are compared on: what the API acts on. */
export interface Wire {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, the text of a text body, `undefined` for none. Multipart bodies are left as `'<multipart>'`. */
  body: unknown;
  prefer: string | undefined;
  cancelAfter: string | undefined;
}

/** Fast, jitter-free retries for modelwire (the official client retries back to back anyway). */
export const FAST_RETRY = { initialDelayMs: 5, maxDelayMs: 50, jitter: 0 } as const;

/** The official client's `fetch`: loopback and `data:` only; every URL it fetched, in order. */
export function guardedFetch(seen: string[] = []): typeof fetch & { seen: string[] } {
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    seen.push(url.href);
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') throw new Error(`differential test: the official client tried to reach ${url.origin}`);
    return fetch(input, init);
  }) as typeof fetch & { seen: string[] };
  f.seen = seen;
  return f;
}

export interface Differential {
  rs: ReplicateServer;
  /** A fresh official client on the server (`useFileOutput: false` unless asked). */
  official(options?: { useFileOutput?: boolean; auth?: string; fetch?: typeof fetch }): Replicate;
  /** A modelwire client on the server over the named transport. */
  modelwire(transport: TransportName, options?: Partial<ClientOptions>): ReplicateClient;
  /** Index of the next request the server will record. */
  mark(): number;
  /** The requests recorded since `from` (optionally only those under `/v1/`), as {@link Wire}. */
  wire(from: number, filter?: (r: RecordedRequest) => boolean): Wire[];
  /** Runs one call on the official client, then the same on modelwire; each call's requests. */
  sideBySide<A, B>(official: (r: Replicate) => Promise<A>, mw: (m: ReplicateClient) => Promise<B>, transport?: TransportName): Promise<{ official: { result: A; wire: Wire[] }; modelwire: { result: B; wire: Wire[] } }>;
}

export function toWire(r: RecordedRequest): Wire {
  const type = String(r.headers['content-type'] ?? '');
  let body: unknown;
  if (r.body.length > 0) body = type.startsWith('multipart/') ? '<multipart>' : type.startsWith('application/json') ? r.json() : r.text();
  const h = (name: string): string | undefined => (r.headers[name] === undefined ? undefined : String(r.headers[name]));
  return { method: r.method, path: r.path, query: Object.fromEntries(r.query), body, prefer: h('prefer'), cancelAfter: h('cancel-after') };
}

/** One fake Replicate per file, both clients on it; the spec conformance of modelwire's requests is asserted at the end. */
export function useDifferential(options: ReplicateServerOptions = {}): Differential {
  const d = {} as Differential;
  const transports = new Map<TransportName, Transport>();
  beforeAll(async () => {
    d.rs = await startReplicateServer(options);
    transports.set('fetch', fetchTransport());
    transports.set('undici', undiciTransport());
  });
  afterAll(async () => {
    try {
      expect(d.rs.server.handlerErrors).toEqual([]);
    } finally {
      await d.rs.close();
    }
  });
  d.official = (o = {}) => new Replicate({ auth: o.auth ?? d.rs.token, baseUrl: d.rs.baseURL, fetch: o.fetch ?? guardedFetch(), useFileOutput: o.useFileOutput ?? false });
  d.modelwire = (t, o = {}) => createReplicateClient(createClient({ baseURL: d.rs.baseURL, apiKey: d.rs.token, transport: transports.get(t)!, retry: FAST_RETRY, ...o }));
  d.mark = () => d.rs.server.requests.length;
  d.wire = (from, filter = (r) => r.path.startsWith('/v1/')) => d.rs.server.requests.slice(from).filter(filter).map(toWire);
  d.sideBySide = async (official, mw, transport = 'fetch') => {
    const a = d.mark();
    const result1 = await official(d.official());
    const b = d.mark();
    const result2 = await mw(d.modelwire(transport));
    return { official: { result: result1, wire: d.wire(a, () => true).slice(0, b - a) }, modelwire: { result: result2, wire: d.wire(b, () => true) } };
  };
  return d;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, the call resolved');
}

/** The first page of a modelwire list (one request). */
export async function firstPage<T>(list: { pages(): AsyncIterable<T> }): Promise<T | undefined> {
  for await (const page of list.pages()) return page;
  return undefined;
}
