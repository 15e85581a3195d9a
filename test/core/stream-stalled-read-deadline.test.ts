/**
 * A stream read waiting on a body that stalls ends when the call does, whatever the transport does
 * with the body (src/core/stream.ts): the runtime's fetch is trusted to fail a pending body read
 * when the call's signal aborts (it is not raced, src/core/guard.ts), but a runtime whose fetch is
 * slow to do so, or never does (Node 20 answers no read of a body whose end had arrived), would
 * leave the read, and the stream, waiting past the deadline when no idle limit (or a longer one)
 * bounds it. Here the runtime's fetch answers with a body whose read never settles once its first
 * event was read, and whose cancel does nothing: the pending read still rejects with TimeoutError
 * at the deadline, or AbortError at the caller's abort, and the body is cancelled. (The CI run
 * that found it: test/openai/chaos.test.ts CHAOS_SEED=20261134 CHAOS_CASE=74 under Deno, once.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, createClient, requestStream, TimeoutError, type Client } from '../../src/index.js';
import { flush, watch } from './_deaf.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/**
 * A body that hands out `chunks`, then answers no read (not even after a cancel); it records
 * whether it was cancelled.
 */
function deafBody(...chunks: string[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const queue = chunks.map((c) => new TextEncoder().encode(c));
  const reader = {
    read: (): Promise<ReadableStreamReadResult<Uint8Array>> => (queue.length ? Promise.resolve({ value: queue.shift()!, done: false }) : new Promise(() => undefined)),
    cancel: (): Promise<void> => {
      cancelled = true;
      return Promise.resolve();
    },
    releaseLock: (): void => undefined,
  };
  const body = { getReader: () => reader, locked: false } as unknown as ReadableStream<Uint8Array>;
  return { body, cancelled: () => cancelled };
}

/** A client on the runtime's fetch (the default transport, not raced), which answers with `body`. */
function clientAnswering(body: ReadableStream<Uint8Array>): Client {
  vi.stubGlobal('fetch', async () => ({ status: 200, headers: new Headers({ 'content-type': 'text/event-stream' }), body }));
  return createClient({ baseURL: 'http://127.0.0.1:1' });
}

const spec = (idleTimeoutMs?: number) => ({ method: 'GET' as const, path: '/s', operation: 'test.stalled', idleTimeoutMs });

describe.each([
  ['no idle limit', undefined],
  ['an idle limit longer than the deadline', 60_000],
])('a read of a body that stalls after its first event (%s)', (_, idleTimeoutMs) => {
  it('rejects with TimeoutError at the deadline; the body is cancelled', async () => {
    const deaf = deafBody('data: {"n":1}\n\n');
    const stream = await requestStream(clientAnswering(deaf.body), spec(idleTimeoutMs), { timeoutMs: 40 });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const next = watch(it.next());
    await flush();
    expect(next.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    expect(next.error).toBeInstanceOf(TimeoutError);
    expect(next.error).toMatchObject({ timeoutMs: 40, operation: 'test.stalled' });
    expect(deaf.cancelled()).toBe(true);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with AbortError at the caller's abort; the body is cancelled", async () => {
    const deaf = deafBody('data: {"n":1}\n\n');
    const controller = new AbortController();
    const stream = await requestStream(clientAnswering(deaf.body), spec(idleTimeoutMs), { signal: controller.signal });
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    const next = watch(it.next());
    await flush();
    controller.abort();
    await flush();
    expect(next.error).toBeInstanceOf(AbortError);
    expect(next.error).toMatchObject({ operation: 'test.stalled' });
    expect(deaf.cancelled()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forEach rejects with TimeoutError at the deadline', async () => {
    const deaf = deafBody('data: {"n":1}\n\n');
    const stream = await requestStream(clientAnswering(deaf.body), spec(idleTimeoutMs), { timeoutMs: 40 });
    const seen: unknown[] = [];
    const done = watch(stream.forEach((v) => void seen.push(v)));
    await flush();
    expect(done.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    expect(seen).toEqual([{ n: 1 }]);
    expect(done.error).toBeInstanceOf(TimeoutError);
    expect(deaf.cancelled()).toBe(true);
  });
});

it('a stream whose first event never comes: the open rejects with TimeoutError at the deadline; the body is cancelled', async () => {
  const deaf = deafBody(': hello\n\n');
  const open = watch(requestStream(clientAnswering(deaf.body), spec(), { timeoutMs: 40, retry: false }));
  await flush();
  expect(open.settled).toBe(false);
  await vi.advanceTimersByTimeAsync(40);
  expect(open.error).toBeInstanceOf(TimeoutError);
  expect(open.error).toMatchObject({ timeoutMs: 40, operation: 'test.stalled' });
  expect(deaf.cancelled()).toBe(true);
});

it('a stream whose body ends in time reads whole, as before', async () => {
  const deaf = deafBody('data: {"n":1}\n\n', 'data: {"n":2}\n\ndata: [DONE]\n\n');
  const stream = await requestStream(clientAnswering(deaf.body), spec(), { timeoutMs: 40 });
  const seen: unknown[] = [];
  for await (const v of stream) seen.push(v);
  expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
  expect(deaf.cancelled()).toBe(false);
});
