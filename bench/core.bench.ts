/**
 * Core benchmarks: modelwire's per-call and per-event overhead against raw clients on the same
 * loopback server, in the same run. Prints `metric core.*` lines.
 *
 * - core.undici_vs_raw: validated GET through createClient + undiciTransport ÷ raw undici dispatcher.request + JSON.parse
 * - core.fetch_vs_raw: the same with fetchTransport ÷ raw fetch + res.json()
 * - core.fetch_signal_vs_raw_seq / _32: raw fetch with a fresh AbortSignal per call ÷ without (sequential / 32 in flight)
 * - core.fetch_vs_raw_signal_seq / _32: fetchTransport ÷ raw fetch with a fresh AbortSignal per call
 * - core.sse_vs_raw: events/s through a validated Stream<T> read with forEach ÷ raw undici body + eventsource-parser + JSON.parse callbacks
 * - core.sse_for_await_vs_raw: the same stream read with `for await` ÷ the same baseline
 * - core.leaked_listeners: abort listeners left on one signal after 10,000 aborted calls
 */
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import * as z from 'zod/mini';
import { compiled, createClient, request } from 'modelwire';
import { undiciTransport } from 'modelwire/undici';
import { callsPerSecond, interleavedRatio, metric, startServerProcess } from './support/harness.js';
import { sseReads } from './support/sse-reads.js';

const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const origin = server.origin;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// with 32 in flight a round moves by ±5 % from one to the next on this machine: more rounds there
const CONC_ROUNDS = ROUNDS * 2 + 1;
const SEQ_N = Number(process.env.BENCH_SEQ_N ?? 4000);
const CONC_N = Number(process.env.BENCH_CONC_N ?? 8000);

// zod/mini schemas wrapped with compiled(), as docs/core.md recommends for hot paths
const Small = compiled(z.object({ id: z.string(), name: z.string(), ready: z.boolean(), versions: z.array(z.string()), platform: z.string() }));
const smallSpec = { method: 'GET', path: '/small', schema: Small, operation: 'bench.small' } as const;

function agent(): Agent {
  return new Agent({ keepAliveTimeout: 4_000, connections: null, pipelining: 1, connect: { timeout: 10_000 } });
}

// ---------- undici ----------
const rawAgent = agent();
const rawUndici = async (): Promise<unknown> => {
  const res = await rawAgent.request({ origin, path: '/small', method: 'GET', headers: { accept: 'application/json' } });
  const data = JSON.parse(await res.body.text()) as { id: string };
  if (res.statusCode !== 200 || !data.id) throw new Error('bad');
  return data;
};
const mwUndici = createClient({ baseURL: origin, transport: undiciTransport({ dispatcher: agent() }) });
const viaUndici = (): Promise<unknown> => request(mwUndici, smallSpec);

// ---------- fetch ----------
const rawFetchJson = async (signal?: AbortSignal): Promise<unknown> => {
  const res = await fetch(`${origin}/small`, { headers: { accept: 'application/json' }, signal });
  const data = (await res.json()) as { id: string };
  if (res.status !== 200 || !data.id) throw new Error('bad');
  return data;
};
const rawFetch = (): Promise<unknown> => rawFetchJson();
const mwFetch = createClient({ baseURL: origin });
const viaFetch = (): Promise<unknown> => request(mwFetch, smallSpec);

async function compare(name: string, raw: () => Promise<unknown>, subject: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await raw();
    await subject();
  }
  const seq = await interleavedRatio(() => callsPerSecond(raw, SEQ_N, 1), () => callsPerSecond(subject, SEQ_N, 1), ROUNDS);
  const conc = await interleavedRatio(() => callsPerSecond(raw, CONC_N, 32), () => callsPerSecond(subject, CONC_N, 32), CONC_ROUNDS);
  console.log(`# ${name}: sequential ${seq.subject.toFixed(0)} vs raw ${seq.baseline.toFixed(0)} calls/s (ratio ${seq.ratio.toFixed(3)}); 32 in flight ${conc.subject.toFixed(0)} vs ${conc.baseline.toFixed(0)} (ratio ${conc.ratio.toFixed(3)})`);
  metric(`${name}_seq`, seq.ratio);
  metric(`${name}_32`, conc.ratio);
  metric(name, Math.min(seq.ratio, conc.ratio));
}

await compare('core.undici_vs_raw', rawUndici, viaUndici);
await compare('core.fetch_vs_raw', rawFetch, viaFetch);

// What cancellation alone costs Node's fetch: the raw call with a fresh AbortSignal, as any
// cancellable fetch needs (modelwire passes one per call for its deadline and abort). Then the
// SDK against that baseline: what modelwire adds on top of a cancellable fetch.
const rawFetchSignal = (): Promise<unknown> => rawFetchJson(new AbortController().signal);
for (const [mode, n, inFlight, rounds] of [['seq', SEQ_N, 1, ROUNDS], ['32', CONC_N, 32, CONC_ROUNDS]] as const) {
  const signalCost = await interleavedRatio(() => callsPerSecond(rawFetch, n, inFlight), () => callsPerSecond(rawFetchSignal, n, inFlight), rounds);
  const overSignal = await interleavedRatio(() => callsPerSecond(rawFetchSignal, n, inFlight), () => callsPerSecond(viaFetch, n, inFlight), rounds);
  console.log(`# core.fetch with a signal per call, ${inFlight} in flight: raw ${signalCost.subject.toFixed(0)} vs ${signalCost.baseline.toFixed(0)} calls/s without; modelwire ${overSignal.subject.toFixed(0)}`);
  metric(`core.fetch_signal_vs_raw_${mode}`, signalCost.ratio);
  metric(`core.fetch_vs_raw_signal_${mode}`, overSignal.ratio);
}

// ---------- SSE ----------
const { raw: rawSse, forEach: mwSse, forAwait: mwSseIter, close: closeSse } = sseReads(origin, agent);
for (let i = 0; i < 3; i++) {
  await rawSse();
  await mwSse();
  await mwSseIter();
}
// one read of 20,000 events takes ~8 ms, so a GC pause or a busy neighbour moves a single round a
// lot: many short rounds, and their median
const SSE_ROUNDS = ROUNDS * 10 + 1;
const sse = await interleavedRatio(rawSse, mwSse, SSE_ROUNDS);
const sseIter = await interleavedRatio(rawSse, mwSseIter, SSE_ROUNDS);
console.log(`# core.sse_vs_raw: forEach ${sse.subject.toFixed(0)} vs raw ${sse.baseline.toFixed(0)} events/s; for await ${sseIter.subject.toFixed(0)} vs ${sseIter.baseline.toFixed(0)}`);
metric('core.sse_vs_raw', sse.ratio);
metric('core.sse_for_await_vs_raw', sseIter.ratio);

// ---------- listeners ----------
const longLived = new AbortController();
const hangClient = createClient({ baseURL: origin, transport: undiciTransport({ dispatcher: agent() }), retry: false });
const CALLS = 10_000;
let aborted = 0;
for (let batch = 0; batch < CALLS / 500; batch++) {
  await Promise.all(
    Array.from({ length: 500 }, async () => {
      try {
        await request(hangClient, { method: 'GET', path: '/hang', operation: 'bench.hang', responseType: 'none' }, { signal: longLived.signal, timeoutMs: 1 });
      } catch (err) {
        if ((err as { code?: string }).code === 'timeout' || (err as { code?: string }).code === 'aborted') aborted++;
        else throw err;
      }
    }),
  );
}
if (aborted !== CALLS) throw new Error(`only ${aborted} calls timed out`);
metric('core.leaked_listeners', getEventListeners(longLived.signal, 'abort').length, 0);

server.stop();
await Promise.all([rawAgent.close(), closeSse()]);
process.exit(0);
