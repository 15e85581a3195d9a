/**
 * modelwire/onnx benchmarks (run: `npm run bench -- onnx`, or `node --import tsx bench/onnx.bench.ts`).
 *
 *   metric onnx.local_vs_raw <ratio>             infer calls/s through modelwire/onnx (inline) ÷ raw onnxruntime-node session.run, Silero VAD v5, 1 thread
 *   metric onnx.local_vs_raw_tiny <ratio>        the same on the tiny MLP (per-call overhead shows most)
 *   metric onnx.event_loop_lag_ms <ms>           worst main-thread event-loop delay while the worker pool runs a ~20 ms model back to back
 *   metric fallback.open_circuit_overhead_ms <ms> added latency of withFallback with an open circuit over a direct local infer (MLP)
 *   metric fallback.chain_open_circuits_overhead_ms <ms> the same through a chain (primary, replica, local) whose first two circuits are open
 *
 * Baseline and subject run in the same process, interleaved round by round after a warm-up; medians are reported.
 * Env: BENCH_ROUNDS (default 31), BENCH_ONLY=raw|lag|fallback, BENCH_AA=1 (also print a raw-vs-raw noise-floor ratio).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { ConnectionError, createCircuitBreaker, withFallback } from 'modelwire';
import { createOnnxRuntime } from 'modelwire/onnx';
import type { InferenceRequest, InferenceResponse } from 'modelwire/oip';

const MODELS = fileURLToPath(new URL('../models', import.meta.url));
const SILERO_PATH = createRequire(import.meta.url).resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Same options the runtime uses by default. */
const rawOptions = (): ort.InferenceSession.SessionOptions => ({
  logSeverityLevel: 3,
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
});

/** Runs `fn` back to back for at least `minMs`; returns wall calls/s and CPU calls/s (this process's user+system time). */
async function rates(fn: () => Promise<unknown>, minMs: number): Promise<{ wall: number; cpu: number }> {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 25; i++) await fn();
    n += 25;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: (n * 1000) / (now - start), cpu: (n * 1e6) / (cpu.user + cpu.system) };
}

/**
 * Interleaved A/B: many short adjacent rounds (order alternating), one ratio per pair, median of the
 * ratios. Adjacent short rounds see the same machine load, so contention from other processes
 * cancels out far better than in two long runs.
 */
async function ratio(label: string, raw: () => Promise<unknown>, subject: () => Promise<unknown>, roundMs: number): Promise<number> {
  for (let i = 0; i < 500; i++) {
    await raw();
    await subject();
  }
  const wallRatios: number[] = [];
  const cpuRatios: number[] = [];
  const rawRates: number[] = [];
  const subRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let a: { wall: number; cpu: number };
    let b: { wall: number; cpu: number };
    if (r % 2 === 0) {
      a = await rates(raw, roundMs);
      b = await rates(subject, roundMs);
    } else {
      b = await rates(subject, roundMs);
      a = await rates(raw, roundMs);
    }
    rawRates.push(a.wall);
    subRates.push(b.wall);
    wallRatios.push(b.wall / a.wall);
    cpuRatios.push(b.cpu / a.cpu);
  }
  console.log(
    `# ${label}: raw ${median(rawRates).toFixed(0)} calls/s, modelwire ${median(subRates).toFixed(0)} calls/s; ` +
      `median of ${ROUNDS} paired rounds: wall ratio ${median(wallRatios).toFixed(3)}, CPU-time ratio ${median(cpuRatios).toFixed(3)}`,
  );
  return median(wallRatios);
}

async function localVsRaw(): Promise<void> {
  // Silero VAD v5: input [1,512] f32, state [2,1,128] f32, sr int64 scalar
  const local = createOnnxRuntime({ modelRepository: dirname(SILERO_PATH), threads: 1 });
  const session = await ort.InferenceSession.create(SILERO_PATH, rawOptions());
  const input = Float32Array.from({ length: 512 }, (_, i) => 0.2 * Math.sin(i / 5));
  const state = new Float32Array(256);
  const sr = BigInt64Array.of(16_000n);
  const raw = () =>
    session.run({
      input: new ort.Tensor('float32', input, [1, 512]),
      state: new ort.Tensor('float32', state, [2, 1, 128]),
      sr: new ort.Tensor('int64', sr, []),
    });
  const subject = () =>
    local.infer('silero_vad_v5', {
      inputs: [
        { name: 'input', datatype: 'FP32', shape: [1, 512], data: input },
        { name: 'state', datatype: 'FP32', shape: [2, 1, 128], data: state },
        { name: 'sr', datatype: 'INT64', shape: [], data: sr },
      ],
    });
  console.log(`metric onnx.local_vs_raw ${(await ratio('silero v5', raw, subject, 100)).toFixed(3)}`);
  if (process.env.BENCH_AA) {
    // A/A control: a second raw session against the first shows this machine's noise floor for the ratio
    const session2 = await ort.InferenceSession.create(SILERO_PATH, rawOptions());
    const raw2 = () =>
      session2.run({
        input: new ort.Tensor('float32', input, [1, 512]),
        state: new ort.Tensor('float32', state, [2, 1, 128]),
        sr: new ort.Tensor('int64', sr, []),
      });
    console.log(`# A/A control (raw vs raw, same method): ${(await ratio('silero v5 A/A', raw, raw2, 100)).toFixed(3)}`);
    await session2.release();
  }
  await session.release();
  await local.dispose();

  const tiny = createOnnxRuntime({ modelRepository: MODELS, threads: 1 });
  const tinySession = await ort.InferenceSession.create(`${MODELS}/mlp.onnx`, rawOptions());
  const x = Float32Array.of(0.1, 0.2, 0.3, 0.4);
  const rawTiny = () => tinySession.run({ x: new ort.Tensor('float32', x, [1, 4]) });
  const subjectTiny = () => tiny.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: x }] });
  console.log(`metric onnx.local_vs_raw_tiny ${(await ratio('mlp', rawTiny, subjectTiny, 100)).toFixed(3)}`);
  await tinySession.release();
  await tiny.dispose();
}

async function eventLoopLag(): Promise<void> {
  const local = createOnnxRuntime({ modelRepository: MODELS, execution: 'worker', workers: 1, threads: 1 });
  const n = 512;
  const request = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [n, n], data: new Float32Array(n * n).fill(1 / n) }] });
  await local.load('matmul_chain');
  for (let i = 0; i < 5; i++) await local.infer('matmul_chain', request());
  // Baseline: the same probes on an idle main thread (no runs), to show what the machine itself adds.
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 1_500));
  idle.disable();
  const h = monitorEventLoopDelay({ resolution: 1 });
  // a 1 ms timer as a second, independent probe of the worst gap
  let last = performance.now();
  let worstGap = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worstGap = Math.max(worstGap, t - last - 1);
    last = t;
  }, 1);
  const gcs: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push(e.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gaps: number[] = [];
  let prev = performance.now();
  const gapTimer = setInterval(() => {
    const t = performance.now();
    if (t - prev > 10) gaps.push(Math.round(t - prev));
    prev = t;
  }, 1);
  h.enable();
  const runMs: number[] = [];
  const until = performance.now() + 3_000;
  while (performance.now() < until) {
    const t0 = performance.now();
    await local.infer('matmul_chain', request());
    runMs.push(performance.now() - t0);
  }
  h.disable();
  clearInterval(timer);
  clearInterval(gapTimer);
  gcObserver.disconnect();
  console.log(`# GC pauses during the window: ${gcs.length}, longest ${Math.max(0, ...gcs).toFixed(1)} ms; gaps > 10 ms: ${JSON.stringify(gaps)}`);
  const maxMs = h.max / 1e6;
  console.log(`# idle main thread (no runs, same probe): max ${(idle.max / 1e6).toFixed(2)} ms, p99 ${(idle.percentile(99) / 1e6).toFixed(2)} ms`);
  console.log(`# worker pool: ${runMs.length} runs of matmul_chain ${n}x${n}, median ${median(runMs).toFixed(1)} ms each; monitorEventLoopDelay max ${maxMs.toFixed(2)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(2)} ms; 1 ms timer worst extra gap ${worstGap.toFixed(2)} ms`);
  console.log(`metric onnx.event_loop_lag_ms ${Math.max(maxMs - 1, worstGap).toFixed(2)}`);
  await local.dispose();

  // For comparison: the same model inline blocks the loop for each whole run.
  const inline = createOnnxRuntime({ modelRepository: MODELS, threads: 1 });
  await inline.load('matmul_chain');
  const hi = monitorEventLoopDelay({ resolution: 1 });
  hi.enable();
  const untilInline = performance.now() + 1_000;
  while (performance.now() < untilInline) await inline.infer('matmul_chain', request());
  hi.disable();
  console.log(`# same model inline (no worker): event-loop delay max ${(hi.max / 1e6).toFixed(2)} ms, p50 ${(hi.percentile(50) / 1e6).toFixed(2)} ms`);
  await inline.dispose();
}

async function openCircuitOverhead(): Promise<void> {
  const local = createOnnxRuntime({ modelRepository: MODELS, threads: 1 });
  let deadCalls = 0;
  const dead = {
    infer: async (): Promise<InferenceResponse> => {
      deadCalls++;
      throw new ConnectionError('connect ECONNREFUSED 127.0.0.1:1', { requestMayHaveReachedServer: false });
    },
  };
  type Target = Pick<typeof local, 'infer'>;
  const open = () => createCircuitBreaker({ failureThreshold: 1, cooldownMs: 3_600_000 });
  const breakers = [open(), open(), open()];
  const target = withFallback<Target>(dead, local, { breaker: breakers[0] });
  // a chain whose primary and replica are both dead: two open circuits skipped per call
  const chain = withFallback<Target>(dead, dead, local, { breaker: breakers[1], fallbacks: [{ breaker: breakers[2] }, {}] });
  const x = Float32Array.of(0.1, 0.2, 0.3, 0.4);
  const req: InferenceRequest = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: x }] };
  await target.infer('mlp', req); // opens the circuit
  await chain.infer('mlp', req); // opens both
  if (breakers.some((b) => b.state !== 'open')) throw new Error('a circuit did not open');
  const direct: number[] = [];
  const wrapped: number[] = [];
  const chained: number[] = [];
  const timed = async (call: () => Promise<unknown>): Promise<number> => {
    const t = performance.now();
    await call();
    return performance.now() - t;
  };
  for (let i = 0; i < 500; i++) {
    await local.infer('mlp', req);
    await target.infer('mlp', req);
    await chain.infer('mlp', req);
  }
  for (let r = 0; r < ROUNDS; r++) {
    const d: number[] = [];
    const w: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < 400; i++) {
      d.push(await timed(() => local.infer('mlp', req)));
      w.push(await timed(() => target.infer('mlp', req)));
      c.push(await timed(() => chain.infer('mlp', req)));
    }
    direct.push(median(d));
    wrapped.push(median(w));
    chained.push(median(c));
  }
  if (deadCalls !== 3) throw new Error(`dead sources were called ${deadCalls} times; 3 expected (one per circuit, to open it)`);
  const overhead = median(wrapped.map((w, i) => w - direct[i]!));
  const chainOverhead = median(chained.map((c, i) => c - direct[i]!));
  const us = (ms: number[]) => (median(ms) * 1000).toFixed(1);
  console.log(`# open circuit: direct local infer median ${us(direct)} µs, through withFallback ${us(wrapped)} µs, through a chain with two open circuits ${us(chained)} µs; each dead source called once (to open)`);
  console.log(`metric fallback.open_circuit_overhead_ms ${overhead.toFixed(4)}`);
  console.log(`metric fallback.chain_open_circuits_overhead_ms ${chainOverhead.toFixed(4)}`);
  await local.dispose();
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'raw') await localVsRaw();
if (!only || only === 'lag') await eventLoopLag();
if (!only || only === 'fallback') await openCircuitOverhead();
