/**
 * What bench/memory.bench.ts measures in its child processes: each scenario once through modelwire
 * (`sdk`) and once through a raw client doing the same useful work (`raw`): the same bytes parsed,
 * the same typed arrays and values made. Each returns named byte counts (see memory.bench.ts).
 */
import { setMaxListeners } from 'node:events';
import { createParser } from 'eventsource-parser';
import { Agent } from 'undici';
import * as z from 'zod/mini';
import { compiled, createClient, request, requestStream } from 'modelwire';
import { createOipClient, type InferenceRequest } from 'modelwire/oip';
import { accumulateChatStream, createOpenAIClient, streamChatCompletion } from 'modelwire/openai';
import { undiciTransport } from 'modelwire/undici';
import { median } from './harness.js';
import { liveBytes, peakOf, settledLiveBytes, type Sample } from './memory.js';

export type Side = 'sdk' | 'raw';
export interface Origins {
  /** bench/support/server.ts */
  plain: string;
  /** bench/support/oip-server.ts (the `echo` model) */
  oip: string;
}

const agent = (): Agent => new Agent({ keepAliveTimeout: 4_000, connections: null, pipelining: 1, connect: { timeout: 10_000 } });

// ---------------------------------------------------------------------------------------- infer

/** Elements of the FP32 tensor sent and echoed back (env BENCH_MEM_JSON_N / BENCH_MEM_BINARY_N). */
export const JSON_N = Number(process.env.BENCH_MEM_JSON_N ?? 1_000_000);
export const BINARY_N = Number(process.env.BENCH_MEM_BINARY_N ?? 4_000_000);

function tensor(n: number): InferenceRequest {
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i) * 1000;
  return { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, n], data }] };
}

function checkEcho(sent: InferenceRequest, out: unknown): void {
  const a = sent.inputs[0]!.data as Float32Array;
  const b = out as Float32Array;
  if (!(b instanceof Float32Array) || b.length !== a.length || b[1] !== a[1] || b[a.length - 1] !== a[a.length - 1]) throw new Error('echo mismatch');
}

type Infer = (req: InferenceRequest) => Promise<Float32Array>;

/** Raw JSON infer: JSON.stringify of a plain array, one POST, JSON.parse of the text, a Float32Array of the output. */
function rawJsonInfer(origin: string, via: 'undici' | 'fetch'): Infer {
  const pool = agent();
  const url = `${origin}/v2/models/echo/infer`;
  return async (req) => {
    const t = req.inputs[0]!;
    const body = JSON.stringify({ inputs: [{ name: t.name, datatype: t.datatype, shape: t.shape, data: Array.from(t.data as Float32Array) }] });
    let text: string;
    if (via === 'undici') {
      const res = await pool.request({ origin, path: '/v2/models/echo/infer', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
      text = await res.body.text();
    } else {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    }
    const parsed = JSON.parse(text) as { outputs: { data: number[] }[] };
    return new Float32Array(parsed.outputs[0]!.data);
  };
}

/** Raw binary infer (Triton's extension): JSON header + tensor bytes in one body, the answer's bytes read whole, the output a view of them. */
function rawBinaryInfer(origin: string): Infer {
  const pool = agent();
  return async (req) => {
    const t = req.inputs[0]!;
    const data = t.data as Float32Array;
    const header = Buffer.from(
      JSON.stringify({ inputs: [{ name: t.name, datatype: t.datatype, shape: t.shape, parameters: { binary_data_size: data.byteLength } }], parameters: { binary_data_output: true } }),
    );
    const body = Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
    const res = await pool.request({
      origin,
      path: '/v2/models/echo/infer',
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
      body,
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    const n = Number(res.headers['inference-header-content-length']);
    const bytes = await res.body.arrayBuffer();
    const head = JSON.parse(Buffer.from(bytes, 0, n).toString()) as { outputs: { shape: number[] }[] };
    const count = head.outputs[0]!.shape.reduce((a, b) => a * b, 1);
    return n % 4 === 0 ? new Float32Array(bytes, n, count) : new Float32Array(bytes.slice(n, n + count * 4));
  };
}

function sdkInfer(origin: string, mode: 'undici' | 'fetch' | 'binary'): Infer {
  const oip = createOipClient({ baseURL: origin, timeoutMs: 120_000, ...(mode === 'fetch' ? {} : { transport: undiciTransport() }) });
  return async (req) => (await oip.infer('echo', req, { binary: mode === 'binary' })).outputs[0]!.data as Float32Array;
}

/**
 * One large infer: `peak` (the RSS high-water mark's rise during the call) and `result` (live
 * memory after it, with the output held, over live memory before). Warmed up with small calls of
 * the same path first, so compiled code and connections are in place.
 */
async function inferScenario(infer: Infer, n: number): Promise<Sample> {
  const warm = tensor(1000);
  for (let i = 0; i < 5; i++) checkEcho(warm, await infer(warm));
  const req = tensor(n);
  const before = await settledLiveBytes();
  const { peak, newPeak, result } = await peakOf(() => infer(req));
  const heldAtOnce = (await settledLiveBytes()) - before;
  // raw undici (request API and fetch) keeps a connection's last request and answer until its next one
  checkEcho(warm, await infer(warm));
  const held = (await settledLiveBytes()) - before;
  checkEcho(req, result);
  return { peak, result: held, resultAtOnce: heldAtOnce, newPeak };
}

// ------------------------------------------------------------------------------ live memory

/** Events in the core SSE stream and chunks in the OpenAI chat stream. */
export const SSE_EVENTS = Number(process.env.BENCH_MEM_SSE_N ?? 50_000);
export const CHAT_CHUNKS = Number(process.env.BENCH_MEM_CHAT_N ?? 20_000);
/** Live-memory samples taken while a stream is read (a full GC each). */
const SAMPLES = 20;

/**
 * Samples live memory every `every` events while a stream is read. `peak`: the highest sample over
 * live memory before the stream was opened; `typical`: the median sample over it (the peak is often
 * one sample taken while the socket's data piled up, on either side); `growth`: the median of the
 * last quarter of samples over the median of the first quarter (a stream that keeps what it read
 * grows by its size).
 */
async function streamProbe(total: number): Promise<{ tick: () => void; done: () => { peak: number; typical: number; growth: number } }> {
  const base = await settledLiveBytes();
  const every = Math.floor(total / SAMPLES);
  const samples: number[] = [];
  let n = 0;
  return {
    tick: () => {
      if (++n % every === 0) samples.push(liveBytes());
    },
    done: () => {
      const q = Math.max(1, samples.length >> 2);
      return {
        peak: Math.max(...samples) - base,
        typical: median(samples) - base,
        growth: median(samples.slice(-q)) - median(samples.slice(0, q)),
      };
    },
  };
}

/** Raw SSE read: undici body, eventsource-parser, JSON.parse per event; `onValue` sees each value. */
async function rawSse(pool: Agent, origin: string, path: string, post: boolean, onValue: (v: unknown) => void): Promise<void> {
  const res = await pool.request({
    origin,
    path,
    method: post ? 'POST' : 'GET',
    headers: { accept: 'text/event-stream', ...(post ? { 'content-type': 'application/json' } : {}) },
    body: post ? chatBody : undefined,
  });
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  const parser = createParser({ onEvent: (e) => void (e.data !== '[DONE]' && onValue(JSON.parse(e.data))) });
  const decoder = new TextDecoder();
  for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
}

const Event = compiled(z.object({ i: z.number(), text: z.string() }));
const chatParams = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Describe the image.' }] };
const chatBody = JSON.stringify({ ...chatParams, stream: true });

/** The core SSE stream read with forEach (validated Stream<T>) or raw: peak and growth of live memory. */
async function sseScenario(side: Side, origin: string): Promise<Sample> {
  const path = `/sse?n=${SSE_EVENTS}`;
  let count = 0;
  const pool = agent();
  const client = createClient({ baseURL: origin, transport: undiciTransport({ dispatcher: pool }) });
  const read = async (onValue: (v: { i: number }) => void): Promise<void> => {
    if (side === 'raw') return rawSse(pool, origin, path, false, onValue as (v: unknown) => void);
    await (await requestStream(client, { method: 'GET', path, schema: Event, operation: 'bench.sse' })).forEach(onValue);
  };
  await read(() => undefined); // warm-up
  const probe = await streamProbe(SSE_EVENTS);
  await read((v) => {
    if (v.i >= 0) count++;
    probe.tick();
  });
  if (count !== SSE_EVENTS) throw new Error(`sse saw ${count} of ${SSE_EVENTS}`);
  return probe.done();
}

/**
 * An OpenAI-style chat stream: read with `for await` (sdk: streamChatCompletion) and, separately,
 * assembled into one answer (sdk: accumulateChatStream; raw: the deltas' content joined). `held`:
 * live memory with the assembled answer kept, over live memory before the call.
 */
async function chatScenario(side: Side, origin: string): Promise<Sample> {
  const base = `/chat-${CHAT_CHUNKS}`;
  const pool = agent();
  const oa = createOpenAIClient({ baseURL: `${origin}${base}`, apiKey: 'x', transport: undiciTransport({ dispatcher: pool }) });
  const read = async (onChunk: (c: { choices: { delta: { content?: string | null } }[] }) => void): Promise<void> => {
    if (side === 'raw') return rawSse(pool, origin, `${base}/chat/completions`, true, onChunk as (v: unknown) => void);
    for await (const c of await streamChatCompletion(oa.client, chatParams)) onChunk(c);
  };
  const assemble = async (): Promise<string> => {
    if (side === 'sdk') return (await accumulateChatStream(await streamChatCompletion(oa.client, chatParams))).choices[0]!.message.content ?? '';
    let text = '';
    await read((c) => (text += c.choices[0]?.delta.content ?? ''));
    return text;
  };
  await read(() => undefined);
  await assemble();
  let count = 0;
  const probe = await streamProbe(CHAT_CHUNKS);
  await read(() => {
    count++;
    probe.tick();
  });
  if (count !== CHAT_CHUNKS + 1) throw new Error(`chat stream saw ${count} of ${CHAT_CHUNKS + 1}`);
  const { peak, typical, growth } = probe.done();
  const before = await settledLiveBytes();
  const text = await assemble();
  const held = (await settledLiveBytes()) - before;
  if (text.length < CHAT_CHUNKS) throw new Error('chat answer too short');
  return { streamPeak: peak, streamTypical: typical, streamGrowth: growth, accumulated: held };
}

/** Calls made to look for what each call leaves behind (env BENCH_MEM_CALLS). */
export const CALLS = Number(process.env.BENCH_MEM_CALLS ?? 10_000);
export const ABORTS = Number(process.env.BENCH_MEM_ABORTS ?? 5_000);

async function inFlight(n: number, concurrency: number, call: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < n) await call();
  }));
}

/** Live memory after `n` calls (32 in flight) over live memory before them, after a warm-up of 1,000. */
async function retainedBy(n: number, call: () => Promise<unknown>): Promise<number> {
  await inFlight(1000, 32, call);
  const before = await settledLiveBytes();
  await inFlight(n, 32, call);
  return (await settledLiveBytes()) - before;
}

const Small = compiled(z.object({ id: z.string(), name: z.string(), ready: z.boolean(), versions: z.array(z.string()), platform: z.string() }));

/** Validated GETs of a small JSON object, through undici and through fetch. */
async function getScenario(side: Side, origin: string): Promise<Sample> {
  const spec = { method: 'GET', path: '/small', schema: Small, operation: 'bench.small' } as const;
  let undiciCall: () => Promise<unknown>;
  let fetchCall: () => Promise<unknown>;
  if (side === 'sdk') {
    const viaUndici = createClient({ baseURL: origin, transport: undiciTransport({ dispatcher: agent() }) });
    const viaFetch = createClient({ baseURL: origin });
    undiciCall = () => request(viaUndici, spec);
    fetchCall = () => request(viaFetch, spec);
  } else {
    const pool = agent();
    // the check of core.bench.ts's raw baseline
    const check = (v: unknown): unknown => {
      if (!(v as { id?: string }).id) throw new Error('bad');
      return v;
    };
    undiciCall = async () => {
      const res = await pool.request({ origin, path: '/small', method: 'GET', headers: { accept: 'application/json' } });
      return check(JSON.parse(await res.body.text()));
    };
    fetchCall = async () => check(await (await fetch(`${origin}/small`, { headers: { accept: 'application/json' } })).json());
  }
  return { getUndici: await retainedBy(CALLS, undiciCall), getFetch: await retainedBy(CALLS, fetchCall) };
}

/**
 * Calls that time out after 1 ms on a server that never answers, all on one long-lived signal of
 * the caller's. Raw: what a careful caller writes (an AbortController per call, a timer, a listener
 * on the long-lived signal, both removed when the call ends).
 */
async function abortScenario(side: Side, origin: string): Promise<Sample> {
  const longLived = new AbortController();
  setMaxListeners(1000, longLived.signal); // 500 calls in flight listen to it at once, on both sides
  const pool = agent();
  let call: () => Promise<unknown>;
  if (side === 'sdk') {
    const client = createClient({ baseURL: origin, transport: undiciTransport({ dispatcher: pool }), retry: false });
    call = () => request(client, { method: 'GET', path: '/hang', operation: 'bench.hang', responseType: 'none' }, { signal: longLived.signal, timeoutMs: 1 });
  } else {
    call = async () => {
      const c = new AbortController();
      const abort = (): void => c.abort();
      const timer = setTimeout(abort, 1);
      longLived.signal.addEventListener('abort', abort, { once: true });
      try {
        await pool.request({ origin, path: '/hang', method: 'GET', signal: c.signal });
      } finally {
        clearTimeout(timer);
        longLived.signal.removeEventListener('abort', abort);
      }
    };
  }
  let aborted = 0;
  const one = async (): Promise<void> => {
    try {
      await call();
    } catch {
      aborted++;
    }
  };
  const batches = async (n: number): Promise<void> => {
    for (let done = 0; done < n; done += 500) await Promise.all(Array.from({ length: Math.min(500, n - done) }, one));
  };
  await batches(500);
  const before = await settledLiveBytes();
  await batches(ABORTS);
  const retained = (await settledLiveBytes()) - before;
  if (aborted !== ABORTS + 500) throw new Error(`only ${aborted} calls were aborted`);
  // connections the pool still holds open (idle keep-alive ones included), for the context line
  const stats = Object.values((pool as unknown as { stats: Record<string, { connected: number }> }).stats);
  return { aborted: retained, abortedSockets: stats.reduce((n, s) => n + s.connected, 0) };
}

/** The child processes' kinds: one large infer each (a fresh process per peak), or every live-memory scenario in one. */
export const kinds = {
  'infer-json-undici': (side: Side, o: Origins) => inferScenario(side === 'sdk' ? sdkInfer(o.oip, 'undici') : rawJsonInfer(o.oip, 'undici'), JSON_N),
  'infer-json-fetch': (side: Side, o: Origins) => inferScenario(side === 'sdk' ? sdkInfer(o.oip, 'fetch') : rawJsonInfer(o.oip, 'fetch'), JSON_N),
  'infer-binary': (side: Side, o: Origins) => inferScenario(side === 'sdk' ? sdkInfer(o.oip, 'binary') : rawBinaryInfer(o.oip), BINARY_N),
  live: async (side: Side, o: Origins): Promise<Sample> => ({
    ...(await sseScenario(side, o.plain)),
    ...(await chatScenario(side, o.plain)),
    ...(await getScenario(side, o.plain)),
    ...(await abortScenario(side, o.plain)),
  }),
} satisfies Record<string, (side: Side, o: Origins) => Promise<Sample>>;

export type Kind = keyof typeof kinds;
