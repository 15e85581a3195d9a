/**
 * Differential testing of modelwire/openai against the official `openai` client: both clients on
 * ONE loopback server, fed the same answers, their requests and outcomes compared.
 *
 * - `startDiffServer()`: a recording server whose answer a test sets with `answer(handler)`.
 * - `pairs(server, options)`: one official client and one modelwire core client per transport
 *   (fetch, undici), on the same server and with the same retry allowance.
 * - `capture(server, fn)`: runs one call and keeps the requests it made (server order), so the two
 *   clients' requests are compared by recorded order, never by timing.
 *
 * The official client waits 0.5 s, 1 s, ... between retries unless the server sends a wait hint; its
 * `calculateDefaultRetryTimeoutMillis` is overridden to 1 ms (the only change made to it), and
 * modelwire gets `initialDelayMs: 1, jitter: 0`, so retries cost no time in either. Server hints
 * (`retry-after-ms`, `retry-after`) still apply to both. modelwire's retry budget is unlimited
 * unless a test passes one (the official client has no budget).
 * @module
 */
import OpenAI from 'openai';
import { createClient, createRetryBudget, type Client, type RetryBudget, type ValidationMode, type Transport, type WireResponse } from '../../src/index.js';
import { fetchTransport } from '../../src/core/transport-fetch.js';
import { openAIClientOptions } from '../../src/openai/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { startTestServer, json, type RecordedRequest, type TestHandler, type TestServer } from '../helpers/test-server.js';

export const KEY = 'sk-diff-0123456789abcdef';

/** The official client with a 1 ms backoff instead of 0.5 s doubling (server hints still apply). */
export function fastOpenAI(options: ConstructorParameters<typeof OpenAI>[0]): OpenAI {
  const client = new OpenAI(options);
  // a private method in its types; the instance property shadows the prototype's
  (client as unknown as { calculateDefaultRetryTimeoutMillis: () => number }).calculateDefaultRetryTimeoutMillis = () => 1;
  return client;
}

export interface DiffServer {
  readonly server: TestServer;
  /** `server.url + '/v1'`. */
  readonly baseURL: string;
  /** Sets the answer of every request until the next call (the recorded requests are kept). */
  answer(handler: TestHandler): void;
  close(): Promise<void>;
}

/** A server that answers 404 until a test sets its answer. */
export async function startDiffServer(): Promise<DiffServer> {
  let current: TestHandler = (req, res) => json(res, 404, { error: { message: `no answer set for ${req.method} ${req.path}`, type: 'invalid_request_error', param: null, code: null } });
  const server = await startTestServer((req, res) => current(req, res));
  return {
    server,
    baseURL: `${server.url}/v1`,
    answer(handler) {
      current = handler;
    },
    close: () => server.close(),
  };
}

/** Re-chunks a body into one-byte chunks: every split point of the stream is exercised, deterministically. */
export function byteChunks(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let pending: Uint8Array | undefined;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (!pending || at >= pending.length) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        pending = value;
        at = 0;
      }
      controller.enqueue(pending.subarray(at, ++at));
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/** A fetch whose response bodies arrive one byte per chunk. */
export const byteFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  return res.body ? new Response(byteChunks(res.body), { status: res.status, statusText: res.statusText, headers: res.headers }) : res;
};

/** A modelwire transport whose response bodies arrive one byte per chunk. */
export function byteTransport(inner: Transport): Transport {
  return async (req) => {
    const res = await inner(req);
    if (!res.body) return res;
    const headers = new Headers();
    res.headers.forEach((value, name) => headers.append(name, value));
    return new Response(byteChunks(res.body), { status: res.status, headers }) as WireResponse;
  };
}

export interface PairOptions {
  /** Retries after the first attempt, for both clients (default 0). */
  maxRetries?: number;
  organization?: string;
  project?: string;
  /** Deliver every response body one byte per chunk to both clients. */
  split?: boolean;
  /** Per-attempt timeout of the official client; modelwire's call deadline (default 10 s). */
  timeoutMs?: number;
  /** modelwire's validation mode (default `strict`). */
  validation?: ValidationMode;
  /** modelwire's retry budget (default: unlimited, one per client). */
  budget?: RetryBudget;
}

export interface Pair {
  /** `fetch` or `undici`: the modelwire transport. */
  readonly transport: 'fetch' | 'undici';
  readonly official: OpenAI;
  readonly mw: Client;
}

/** One official client and one modelwire client per transport, all on `diff`'s server. */
export function pairs(diff: DiffServer, options: PairOptions = {}): Pair[] {
  const maxRetries = options.maxRetries ?? 0;
  const timeout = options.timeoutMs ?? 10_000;
  const official = fastOpenAI({
    baseURL: diff.baseURL,
    apiKey: KEY,
    maxRetries,
    timeout,
    organization: options.organization ?? null,
    project: options.project ?? null,
    ...(options.split ? { fetch: byteFetch } : {}),
  });
  const make = (transport: Transport): Client =>
    createClient(
      openAIClientOptions({
        baseURL: diff.baseURL,
        apiKey: KEY,
        organization: options.organization,
        project: options.project,
        // an unlimited retry budget: the official client has none, and a suite's failures would drain modelwire's 10 tokens
        retry: { maxRetries, initialDelayMs: 1, maxDelayMs: 1, jitter: 0, budget: options.budget ?? createRetryBudget({ capacity: Infinity }) },
        timeoutMs: timeout,
        validation: options.validation,
        transport: options.split ? byteTransport(transport) : transport,
      }),
    );
  return [
    { transport: 'fetch', official, mw: make(fetchTransport()) },
    { transport: 'undici', official, mw: make(undiciTransport()) },
  ];
}

/** A call's outcome: its value or its error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** What one call did: its outcome and the requests it made, in arrival order. */
export interface Captured<T> {
  outcome: Outcome<T>;
  requests: RecordedRequest[];
}

/** Runs `fn` and keeps the requests that reached the server while it ran. */
export async function capture<T>(server: TestServer, fn: () => Promise<T>): Promise<Captured<T>> {
  const start = server.requests.length;
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  return { outcome, requests: server.requests.slice(start) };
}

/** Every value of an async iterable, and the error that ended it (if any). */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<{ values: T[]; error?: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of iterable) values.push(value);
  } catch (error) {
    return { values, error };
  }
  return { values };
}

/** The outcome's value (throws the error, so a test shows why a call it expected to succeed failed). */
export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The outcome's error (throws when the call succeeded). */
export function errorOf<T>(outcome: Outcome<T>): unknown {
  if (outcome.ok) throw new Error(`expected the call to fail, it returned ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  return outcome.error;
}

/** A JSON round trip: the value as a caller would serialize it (undefined fields dropped, key order ignored by toEqual). */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
