/**
 * Memory benchmarks: what modelwire costs in memory over a raw client doing the same useful work
 * (same bytes parsed, same typed arrays and values made), on the same loopback servers (each in
 * its own process). Prints `metric memory.*` lines; **lower is better** for every one of them.
 *
 * Method. Every measurement runs in a fresh child process (this file with `--child <kind> <side>`),
 * modelwire and raw alternately, `BENCH_MEM_ROUNDS` (default 3) times each; the parent reports the
 * median of each side and their ratio. A fresh process matters: V8 keeps the pages a large call
 * made resident, and the RSS high-water mark only rises, so a second call in the same process
 * would measure the first one's leftovers. Two measures, never times:
 *
 * - Peak (a large call): the rise of the kernel's RSS high-water mark (`getrusage` maxRSS, nothing
 *   sampled, so no peak slips between samples) over the RSS right before the call, after a full
 *   GC. It counts everything resident at the worst moment: V8 heap (strings, arrays, garbage not
 *   collected yet), ArrayBuffers, native buffers. It is trusted only when the call set a new
 *   high-water mark for its process (checked; a fresh process starts at ~105 MB, the calls add 60–250 MB).
 * - Live (streams, many calls): V8 heap in use + ArrayBuffer backing stores after two forced full
 *   GCs (`--expose-gc`): what is still reachable, garbage excluded. Streams are sampled 20 times
 *   while being read (a GC at every sample); calls are counted before and after 10,000 of them.
 *
 * Where both sides are near zero (what calls leave behind: nothing, when nothing leaks), a ratio of
 * two noise-sized numbers means nothing: those metrics are the difference modelwire − raw in bytes
 * per call instead (a leak of one small object per call reads ≥ 30 B/call; the noise floor is a few).
 *
 * Metrics:
 * - memory.infer_json_peak_vs_raw: peak of one 1M-element FP32 JSON infer (OIP echo) through
 *   modelwire/oip + undiciTransport ÷ raw undici + JSON.stringify/JSON.parse + a Float32Array
 * - memory.infer_json_fetch_peak_vs_raw: the same with the default fetch transport ÷ raw fetch
 * - memory.infer_binary_peak_vs_raw: peak of one 4M-element FP32 infer with the binary tensor
 *   extension ÷ raw undici sending header + bytes and reading the answer's bytes whole
 * - memory.infer_result_vs_raw: live memory with the JSON infer's output held, after the call ÷ raw
 * - memory.sse_peak_vs_raw: highest live memory while reading 50,000 events through a validated
 *   Stream<T> (forEach) ÷ raw undici body + eventsource-parser + JSON.parse
 * - memory.chat_stream_peak_vs_raw: the same for 20,000 OpenAI chat chunks, streamChatCompletion
 *   read with for await
 * - memory.chat_stream_live_vs_raw: the median of the same samples ÷ raw's: what the stream holds
 *   while it is read (the highest sample is often one taken while the socket's data piled up)
 * - memory.chat_accumulate_vs_raw: live memory holding the answer accumulateChatStream assembled
 *   from those 20,000 chunks ÷ the raw deltas' content joined into one string
 * - memory.stream_growth_kb: how much live memory grew between the first and the last quarter of
 *   the longer of the two modelwire streams (flat is ~0; a stream that keeps what it read grows by MBs)
 * - memory.get_retained_b_per_call: live memory left by 10,000 validated GETs (32 in flight,
 *   undiciTransport), modelwire − raw undici, per call
 * - memory.get_fetch_retained_b_per_call: the same through fetch
 * - memory.abort_retained_b_per_call: 5,000 calls timed out after 1 ms on one long-lived caller
 *   signal, modelwire − a careful raw caller (AbortController + timer + listener, removed after)
 *
 *
 * ONNX (modelwire/onnx against raw onnxruntime-node with the same session options; scenarios in
 * support/memory-onnx.ts, run by support/memory-onnx-report.ts). ONNX Runtime's memory is native,
 * so these rows are RSS (every thread's memory, a worker's V8 heap included) after full GCs and a
 * few event-loop turns, in fresh children run with `--max-semi-space-size=1` (V8's young generation
 * otherwise shrinks by up to 7 MB of RSS after start-up, on its own schedule), plus live V8 memory
 * for what runs leave behind. Two models: models/mlp.onnx (tiny: what ONNX Runtime and a session
 * cost by themselves) and a weights model written to a temporary directory with the encoder of
 * scripts/gen-models.ts (one MatMul with a K×K FP32 weight; K = 2048: 16.8 MB). glibc's malloc
 * keeps large freed blocks in the process (its mmap threshold rises to the largest block freed), so
 * whether a release gives memory back is measured twice: with glibc's defaults (what users get) and
 * with `MALLOC_MMAP_THRESHOLD_=131072` (fixed: large blocks are mmapped and unmapped when freed,
 * which shows whether a session's memory really is freed). Where both sides should be near zero the
 * row is a difference (modelwire − raw), elsewhere a ratio.
 * - memory.onnx_load_vs_raw: RSS after the MLP was loaded and run once, createOnnxRuntime inline ÷
 *   raw InferenceSession.create + run (mostly onnxruntime-node itself: ~30 MB on both sides)
 * - memory.onnx_weights_load_vs_raw: the same for the weights model, loaded next (RSS over the MLP's)
 * - memory.onnx_worker_mb: MB of RSS per worker thread: a pool of 2 − a pool of 1, each worker having
 *   run the MLP (the thread, its V8 isolate, ONNX Runtime's per-thread state, a session)
 * - memory.onnx_worker_weights_mb: the same with the weights model run on each worker as well (each
 *   worker holds its own copy of each session; fixed mmap threshold)
 * - memory.onnx_pool_vs_inline, memory.onnx_pool2_vs_inline: RSS with both models run, pool of 1 (the
 *   default) / 2 workers ÷ inline (glibc defaults)
 * - memory.onnx_run_retained_b_per_run: live memory left by ONNX_RUNS inline MLP runs, modelwire −
 *   raw, per run
 * - memory.onnx_worker_run_rss_b_per_run: RSS growth over the second half of ONNX_WORKER_RUNS MLP
 *   runs through a pool of one worker − the same number of raw inline runs, per run (a worker's
 *   heap is RSS, not live memory of this thread)
 * - memory.onnx_unload_kept_mb: RSS after unload() of the weights model over RSS before its load,
 *   modelwire − raw release() (fixed mmap threshold; ≈ 0 when the session is freed)
 * - memory.onnx_dispose_kept_mb: RSS after dispose() of a 2-worker pool that ran both models − after
 *   dispose() inline (fixed mmap threshold; ≈ 0 when the workers are gone and their memory with them)
 *
 * Run: `npm run bench -- memory` (about 4 minutes with the defaults, 1.5 of them ONNX; docs/benchmarks.md's figures
 * are from BENCH_MEM_ROUNDS=5 BENCH_MEM_JSON_N=2000000 BENCH_MEM_CALLS=20000 BENCH_MEM_ABORTS=10000, 7 minutes). Env: BENCH_MEM_ROUNDS, BENCH_MEM_JSON_N,
 * BENCH_MEM_BINARY_N, BENCH_MEM_SSE_N, BENCH_MEM_CHAT_N, BENCH_MEM_CALLS, BENCH_MEM_ABORTS; ONNX:
 * BENCH_MEM_ONNX_K (2048), BENCH_MEM_ONNX_RUNS (5000), BENCH_MEM_ONNX_WORKER_RUNS (4000),
 * BENCH_MEM_ONNX_CYCLES (3); BENCH_MEM_ONLY=http or onnx runs one half.
 */
import { fileURLToPath } from 'node:url';
import { median, metric, startServerProcess } from './support/harness.js';
import { medianOf, report, rotateRuns, runChild, sideLine, type Runs } from './support/memory.js';
import { measureOnnx } from './support/memory-onnx-report.js';
import { ABORTS, BINARY_N, CALLS, CHAT_CHUNKS, JSON_N, kinds, SSE_EVENTS, type Kind, type Side } from './support/memory-scenarios.js';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , kind, side, plain, oip] = process.argv;
  report(await kinds[kind as Kind](side as Side, { plain: plain!, oip: oip! }));
  process.exit(0);
}

const ROUNDS = Number(process.env.BENCH_MEM_ROUNDS ?? 3);
const ONLY = process.env.BENCH_MEM_ONLY; // 'http' or 'onnx': one half only
if (ONLY !== 'http') measureOnnx(ROUNDS);
if (ONLY === 'onnx') process.exit(0);
const plain = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const oip = await startServerProcess(fileURLToPath(new URL('./support/oip-server.ts', import.meta.url)));

/** Runs `kind` ROUNDS times per side, alternating which side goes first. */
const measure = (kind: Kind): Runs => rotateRuns(ROUNDS, ['sdk', 'raw'], (side) => runChild(self, ['--child', kind, side, plain.origin, oip.origin]));

/** Median per side of `key`, with the range, as a context line; returns the medians. */
const line = (label: string, s: Runs, key: string): Record<Side, number> =>
  sideLine(label, s, key, { sdk: 'modelwire', raw: 'raw' }, `; median of ${ROUNDS} processes each`);

/** Refuses a peak that did not rise above its process's start-up high-water mark (it would be a floor, not the peak). */
function checkPeaks(kind: string, s: Runs): void {
  const flat = [...s.sdk!, ...s.raw!].filter((x) => x.newPeak !== true).length;
  if (flat > 0) throw new Error(`${kind}: ${flat} calls did not set a new RSS high-water mark; make the tensor larger`);
}

try {
  const perCall = (m: { sdk: number; raw: number }, n: number): number => (m.sdk - m.raw) / n;

  const json = measure('infer-json-undici');
  checkPeaks('infer-json-undici', json);
  const jsonPeak = line(`${JSON_N.toLocaleString('en')}-element FP32 JSON infer, peak (undici)`, json, 'peak');
  const jsonHeld = line('  live after it, output held', json, 'result');
  line('  the same, before the connection made another call', json, 'resultAtOnce');
  const jsonFetch = measure('infer-json-fetch');
  checkPeaks('infer-json-fetch', jsonFetch);
  const fetchPeak = line(`${JSON_N.toLocaleString('en')}-element FP32 JSON infer, peak (fetch)`, jsonFetch, 'peak');
  line('  live after it, output held', jsonFetch, 'result');
  line('  the same, before the connection made another call', jsonFetch, 'resultAtOnce');
  const binary = measure('infer-binary');
  checkPeaks('infer-binary', binary);
  const binaryPeak = line(`${BINARY_N.toLocaleString('en')}-element FP32 binary infer, peak (undici)`, binary, 'peak');
  line('  live after it, output held', binary, 'result');

  const live = measure('live');
  const sse = line(`${SSE_EVENTS.toLocaleString('en')}-event SSE stream, highest live memory while reading`, live, 'peak');
  const sseGrowth = line('  growth from its first to its last quarter', live, 'growth');
  const chat = line(`${CHAT_CHUNKS.toLocaleString('en')}-chunk chat stream, highest live memory while reading`, live, 'streamPeak');
  const chatTypical = line('  median of the samples', live, 'streamTypical');
  const chatGrowth = line('  growth from its first to its last quarter', live, 'streamGrowth');
  const acc = line('  the assembled answer held (accumulateChatStream vs joined content)', live, 'accumulated');
  const get = line(`${CALLS.toLocaleString('en')} validated GETs (undici), live memory left`, live, 'getUndici');
  const getFetch = line(`${CALLS.toLocaleString('en')} validated GETs (fetch), live memory left`, live, 'getFetch');
  const aborts = line(`${ABORTS.toLocaleString('en')} calls aborted on one long-lived signal, live memory left`, live, 'aborted');

  metric('memory.infer_json_peak_vs_raw', jsonPeak.sdk / jsonPeak.raw);
  metric('memory.infer_json_fetch_peak_vs_raw', fetchPeak.sdk / fetchPeak.raw);
  metric('memory.infer_binary_peak_vs_raw', binaryPeak.sdk / binaryPeak.raw);
  metric('memory.infer_result_vs_raw', jsonHeld.sdk / jsonHeld.raw);
  metric('memory.sse_peak_vs_raw', sse.sdk / sse.raw);
  metric('memory.chat_stream_peak_vs_raw', chat.sdk / chat.raw);
  metric('memory.chat_stream_live_vs_raw', chatTypical.sdk / chatTypical.raw);
  metric('memory.chat_accumulate_vs_raw', acc.sdk / acc.raw);
  metric('memory.stream_growth_kb', Math.max(sseGrowth.sdk, chatGrowth.sdk) / 1e3, 1);
  metric('memory.get_retained_b_per_call', perCall(get, CALLS), 1);
  metric('memory.get_fetch_retained_b_per_call', perCall(getFetch, CALLS), 1);
  metric('memory.abort_retained_b_per_call', perCall(aborts, ABORTS), 1);
  // the per-call medians' spread, to read those three against
  const spread = (key: string, n: number): string =>
    (['sdk', 'raw'] as const).map((side) => `${side} ${median(live[side]!.map((x) => (x[key] as number) / n)).toFixed(1)} B/call`).join(', ');
  console.log(`# connections left open by the aborted calls' pool: modelwire ${medianOf(live.sdk!, 'abortedSockets')}, raw ${medianOf(live.raw!, 'abortedSockets')}`);
  console.log(`# per call: GET undici ${spread('getUndici', CALLS)}; GET fetch ${spread('getFetch', CALLS)}; aborted ${spread('aborted', ABORTS)}`);
} finally {
  plain.stop();
  oip.stop();
}
