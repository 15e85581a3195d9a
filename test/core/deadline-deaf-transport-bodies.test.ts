/**
 * Bodies read after the headers through a custom `fetch` that ignores its signal
 * (src/core/guard.ts): an event stream, a body a `parse` reads, and the source body when the call
 * ends while it is being read. The call still ends at its deadline or with the caller's abort, and
 * the transport's body is cancelled.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AbortError, createClient, fetchTransport, request, requestStream, TimeoutError, type Client } from '../../src/index.js';
import { readBytes } from '../../src/core/response.js';
import { flush, stalledBody, watch } from './_deaf.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A client whose fetch ignores its signal and answers every request with `answer()`. */
function deafClient(answer: () => Response, retry?: false): Client {
  const fetch = (async () => answer()) as typeof globalThis.fetch;
  return createClient({ baseURL: 'http://127.0.0.1:1', transport: fetchTransport({ fetch }), retry });
}

const SSE = { 'content-type': 'text/event-stream' };

it.each([
  ['retries on', undefined],
  ['retries off', false as const],
])('a stream (%s) whose body stalls after its first event ends with TimeoutError at the deadline; its body is cancelled', async (_, retry) => {
  const stalled = stalledBody('data: {"n":1}\n\n');
  const client = deafClient(() => new Response(stalled.body, { headers: SSE }), retry);
  const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'test.stream' }, { timeoutMs: 40 });
  const it = stream[Symbol.asyncIterator]();
  expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
  const next = watch(it.next());
  await flush();
  expect(next.settled).toBe(false);
  await vi.advanceTimersByTimeAsync(40);
  expect(next.error).toBeInstanceOf(TimeoutError);
  expect(next.error).toMatchObject({ timeoutMs: 40, operation: 'test.stream' });
  expect(stalled.cancelled()).toBe(true);
});

it('a stream whose first event never comes: the open ends with AbortError when the caller aborts', async () => {
  const stalled = stalledBody(': hello\n\n');
  const client = deafClient(() => new Response(stalled.body, { headers: SSE }));
  const controller = new AbortController();
  const open = watch(requestStream(client, { method: 'GET', path: '/s', operation: 'test.stream' }, { signal: controller.signal }));
  await flush();
  expect(open.settled).toBe(false);
  controller.abort();
  await flush();
  expect(open.error).toBeInstanceOf(AbortError);
  expect(stalled.cancelled()).toBe(true);
});

it('a parse that reads a body that stalls ends with TimeoutError at the deadline', async () => {
  const stalled = stalledBody('abc');
  const client = deafClient(() => new Response(stalled.body));
  const call = watch(request(client, { method: 'GET', path: '/b', operation: 'test.bytes', parse: (res, signal) => readBytes(res, signal, 'test.bytes') }, { timeoutMs: 40 }));
  await flush();
  expect(call.settled).toBe(false);
  await vi.advanceTimersByTimeAsync(40);
  expect(call.error).toBeInstanceOf(TimeoutError);
  expect(call.error).toMatchObject({ timeoutMs: 40 });
  expect(stalled.cancelled()).toBe(true);
});

it('a body in time reads whole, as text, bytes or a stream', async () => {
  const client = deafClient(() => new Response('{"ok":true}', { headers: { 'x-request-id': 'r1' } }));
  const text = await request(client, { method: 'GET', path: '/t', operation: 'test.text', responseType: 'text' });
  expect(text).toBe('{"ok":true}');
  const bytes = await request(client, { method: 'GET', path: '/b', operation: 'test.bytes', parse: (res, signal) => readBytes(res, signal, 'test.bytes') });
  expect(new TextDecoder().decode(bytes)).toBe('{"ok":true}');
  const res = await request(client, { method: 'GET', path: '/r', operation: 'test.res', responseType: 'response' });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('r1');
  expect(await new Response(res.body).text()).toBe('{"ok":true}');
});

it('a source body that fails mid-read fails the call as a broken connection, as before', async () => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"ok":'));
    },
    pull(controller) {
      controller.error(new TypeError('terminated'));
    },
  });
  const client = deafClient(() => new Response(body), false);
  await expect(request(client, { method: 'GET', path: '/t', operation: 'test.broken' })).rejects.toMatchObject({ name: 'ConnectionError', operation: 'test.broken' });
});

/** A body made of `chunks`, ended. */
const chunked = (chunks: Uint8Array[]): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });

it('a body in several chunks reads as fetch reads it: text (byte order mark dropped, a character split across chunks), exact bytes', async () => {
  const bytes = new TextEncoder().encode('\uFEFF{"text":"héllo €"}');
  // cut inside the BOM and inside the multi-byte characters; one chunk a view into a larger buffer
  const cuts = [2, 12, 13, bytes.length - 2];
  const chunks = (): Uint8Array[] =>
    [0, ...cuts].map((from, i) => {
      const part = bytes.slice(from, cuts[i] ?? bytes.length);
      const padded = new Uint8Array(part.length + 4);
      padded.set(part, 2);
      return i === 1 ? padded.subarray(2, 2 + part.length) : part;
    });
  const client = deafClient(() => new Response(chunked(chunks())));
  const text = await request(client, { method: 'GET', path: '/t', operation: 'test.text', responseType: 'text' });
  expect(text).toBe(await new Response(chunked(chunks())).text());
  const read = await request(client, { method: 'GET', path: '/b', operation: 'test.bytes', parse: (res, signal) => readBytes(res, signal, 'test.bytes') });
  expect(read).toEqual(bytes);
  expect(read.byteLength).toBe(bytes.length);
});
