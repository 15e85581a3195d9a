/**
 * Micro-benchmarks behind the explanations in docs/benchmarks.md (no network except the loopback
 * server for the signal case). Each metric is a ratio against a baseline in the same process:
 *
 * - micro.validate_vs_json_parse: time to validate a small parsed event with a zod/mini schema
 *   wrapped by `compiled()` ÷ time to JSON.parse it.
 * - micro.validate_zod_vs_json_parse: the same with the plain zod/mini schema (zod's own check).
 * - micro.stream_vs_callback: events/s through `requestStream` (in-memory body, zod/mini schema)
 *   ÷ events/s of eventsource-parser + JSON.parse callbacks over the same bytes.
 * - micro.stream_unvalidated_vs_callback: the same `requestStream` without a schema ÷ the same
 *   callbacks: what the async iteration itself costs (one promise and one `await` per value).
 * - micro.stream_foreach_vs_callback: the validated stream read with `forEach` (no promise per
 *   value) ÷ the same callbacks.
 * - micro.callback_validated_vs_callback: the callbacks with the stream's validator on each parsed
 *   event ÷ without: what validation costs on fresh values in a stream (more than the hot loop of
 *   micro.validate_vs_json_parse, which checks one object over and over).
 * - micro.for_await_ns_per_value: ns per value of a `for await` over an async iterator whose
 *   `next()` returns a resolved promise (values in memory): the floor of any async iterator.
 * - micro.undici_signal_vs_none: undici `Dispatcher.request` calls/s with a fresh AbortController
 *   signal per call ÷ without a signal, on the loopback server.
 *   (The same for global `fetch` is `core.fetch_signal_vs_raw_32`, in bench/core.bench.ts.)
 * - micro.call_options_check_ns: ns per check of one call's options by name and validation mode
 *   (`checkCall` in src/core/check.ts, with three options and an operation's own names), which
 *   every operation runs before it sends; a loopback call takes about 100 µs (core.bench.ts).
 * - micro.request_literal_getter_vs_shared: time to build a request object whose lazy `signal` is a
 *   getter written in the object literal ÷ the same object with one shared accessor defined on it,
 *   as src/core/client.ts buildRequest does (a literal's getter is a new accessor per object).
 */
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { Agent } from 'undici';
import * as z from 'zod/mini';
import { compiled, createClient, requestStream, validate, type CallOptions, type WireResponse } from 'modelwire';
import { checkCall } from '../src/core/check.js';
import { callsPerSecond, eventsPerSecond, interleavedRatio, median, metric, startServerProcess } from './support/harness.js';

// ---- a call's option-name check ----
const callOptions: CallOptions = { timeoutMs: 5000, signal: new AbortController().signal, headers: { 'x-a': '1' } };
const checkNs: number[] = [];
for (let round = 0; round < 7; round++) checkNs.push(nsPerOp(() => checkCall('oip.infer', callOptions, 'version binary'), 200_000));
metric('micro.call_options_check_ns', median(checkNs.slice(1)), 1);

// ---- validation vs JSON.parse ----
const ZodEvent = z.object({ i: z.number(), text: z.string() });
const Event = compiled(ZodEvent);
const text = '{"i":12,"text":"tok12"}';
function nsPerOp(fn: () => unknown, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) * 1e6) / n;
}
const parsed = JSON.parse(text) as unknown;
const parseOnly = (): unknown => JSON.parse(text);
const validateOnly = (): unknown => validate(Event, parsed, 'strict');
for (let i = 0; i < 3; i++) {
  nsPerOp(parseOnly, 200_000);
  nsPerOp(validateOnly, 200_000);
}
const zodOnly = (): unknown => validate(ZodEvent, parsed, 'strict');
const ratios: number[] = [];
const zodRatios: number[] = [];
for (let r = 0; r < 7; r++) {
  ratios.push(nsPerOp(validateOnly, 500_000) / nsPerOp(parseOnly, 500_000));
  zodRatios.push(nsPerOp(zodOnly, 500_000) / nsPerOp(parseOnly, 500_000));
}
metric('micro.validate_vs_json_parse', median(ratios));
metric('micro.validate_zod_vs_json_parse', median(zodRatios));

// ---- Stream<T> vs callbacks, in memory ----
const N = 20_000;
const bytes = new TextEncoder().encode(Array.from({ length: N }, (_, i) => `data: {"i":${i},"text":"tok${i % 100}"}\n\n`).join('') + 'data: [DONE]\n\n');
const body = (): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(c) {
      for (let o = 0; o < bytes.length; o += 65536) c.enqueue(bytes.subarray(o, o + 65536));
      c.close();
    },
  });
const callbacks = (check?: (value: unknown) => unknown): Promise<number> =>
  eventsPerSecond(N, 'callbacks', async () => {
    let n = 0;
    const parser = createParser({
      onEvent: (e) => {
        if (e.data === '[DONE]') return;
        const value = JSON.parse(e.data) as unknown;
        if (((check ? check(value) : value) as { i: number }).i >= 0) n++;
      },
    });
    const decoder = new TextDecoder();
    const reader = body().getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    return n;
  });
const inMemory = createClient({
  baseURL: 'http://in-memory.test',
  transport: async (): Promise<WireResponse> => ({ status: 200, headers: { get: () => null, forEach: () => undefined }, body: body(), text: async () => '', arrayBuffer: async () => new ArrayBuffer(0) }),
});
const openStream = (schema: typeof Event | undefined) => requestStream<{ i: number }>(inMemory, { method: 'GET', path: '/', schema, operation: 'micro.stream' });
const stream = (schema: typeof Event | undefined): Promise<number> =>
  eventsPerSecond(N, 'stream', async () => {
    let n = 0;
    for await (const e of await openStream(schema)) if (e.i >= 0) n++;
    return n;
  });
const streamForEach = (): Promise<number> =>
  eventsPerSecond(N, 'stream.forEach', async () => {
    let n = 0;
    await (await openStream(Event)).forEach((e) => {
      if (e.i >= 0) n++;
    });
    return n;
  });
const check = (value: unknown): unknown => validate(Event, value, 'strict', 'micro.stream');
for (let i = 0; i < 5; i++) {
  await callbacks();
  await callbacks(check);
  await stream(Event);
  await stream(undefined);
  await streamForEach();
}
metric('micro.stream_vs_callback', (await interleavedRatio(() => callbacks(), () => stream(Event), 15)).ratio);
metric('micro.stream_unvalidated_vs_callback', (await interleavedRatio(() => callbacks(), () => stream(undefined), 15)).ratio);
metric('micro.stream_foreach_vs_callback', (await interleavedRatio(() => callbacks(), () => streamForEach(), 15)).ratio);
metric('micro.callback_validated_vs_callback', (await interleavedRatio(() => callbacks(), () => callbacks(check), 15)).ratio);

// ---- what one `for await` step costs by itself ----
// An async iterator whose next() returns an already resolved promise, over values already in
// memory: the floor any async iterator pays per value (docs/benchmarks.md, core.sse_for_await_vs_raw).
const values = Array.from({ length: N }, (_, i) => ({ i }));
async function forAwaitNs(): Promise<number> {
  let at = 0;
  const iterable: AsyncIterable<{ i: number }> = {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(at < N ? { value: values[at++]!, done: false } : { value: undefined, done: true }) }),
  };
  const t0 = performance.now();
  let n = 0;
  for await (const v of iterable) if (v.i >= 0) n++;
  if (n !== N) throw new Error(`for await saw ${n}`);
  return ((performance.now() - t0) * 1e6) / N;
}
for (let i = 0; i < 5; i++) await forAwaitNs();
const forAwait: number[] = [];
for (let i = 0; i < 31; i++) forAwait.push(await forAwaitNs());
metric('micro.for_await_ns_per_value', median(forAwait), 1);

// ---- a request object's lazy signal: a getter in the literal vs one shared accessor ----
{
  const call = { signal: new AbortController().signal };
  const CALL = Symbol('call');
  const SIGNAL = { get(this: { [CALL]: typeof call }) { return this[CALL].signal; }, enumerable: true, configurable: true };
  // written out as buildRequest writes them (a spread would build both the same slow way)
  const onAbort = () => () => undefined;
  const literal = (i: number): object => ({
    method: 'GET', url: `/x/${i}`, headers: {}, body: undefined,
    get signal() { return call.signal; },
    onAbort, timeoutMs: 1000, idempotent: true, operation: 'op', attempt: 1,
  });
  const shared = (i: number): object =>
    Object.defineProperty({ method: 'GET', url: `/x/${i}`, headers: {}, body: undefined, onAbort, timeoutMs: 1000, idempotent: true, operation: 'op', attempt: 1, [CALL]: call }, 'signal', SIGNAL);
  const sink: object[] = new Array(1024);
  const timed = (make: (i: number) => object): number => {
    const t0 = performance.now();
    for (let i = 0; i < 200_000; i++) sink[i & 1023] = make(i);
    return performance.now() - t0;
  };
  const ratios: number[] = [];
  for (let r = 0; r < 11; r++) ratios.push(timed(literal) / timed(shared));
  metric('micro.request_literal_getter_vs_shared', median(ratios.slice(1)), 2);
}

// ---- a fresh AbortSignal per undici call ----
const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const agent = new Agent({ keepAliveTimeout: 60_000 });
const plain = async (): Promise<unknown> => JSON.parse(await (await agent.request({ origin: server.origin, path: '/small', method: 'GET' })).body.text());
const withSignal = async (): Promise<unknown> =>
  JSON.parse(await (await agent.request({ origin: server.origin, path: '/small', method: 'GET', signal: new AbortController().signal })).body.text());
for (let i = 0; i < 500; i++) {
  await plain();
  await withSignal();
}
metric('micro.undici_signal_vs_none', (await interleavedRatio(() => callsPerSecond(plain, 3000, 32), () => callsPerSecond(withSignal, 3000, 32), 5)).ratio);

server.stop();
await agent.close();
process.exit(0);
