/**
 * The ONNX scenarios of bench/memory.bench.ts: modelwire/onnx (`createOnnxRuntime`, inline or
 * with a worker pool) against raw onnxruntime-node doing the same work (the same session options,
 * the same inputs). ONNX Runtime's memory is mostly native, outside the V8 heap, so these
 * scenarios measure the process's RSS (every thread's memory) after full GCs and a few event-loop
 * turns, and live V8 memory where a leak of JS objects would show. The children run with
 * `--max-semi-space-size=1`: V8's young generation otherwise grows and shrinks by up to 7 MB of RSS
 * on its own schedule (after module loading), which would drift the figures below.
 *
 * Two models: the committed tiny MLP (models/mlp.onnx: what loading ONNX Runtime and a session
 * costs by itself) and `weights.onnx`, written by the parent into a temporary directory with the
 * encoder of scripts/gen-models.ts: x FP32[batch,K] · W FP32[K,K] -> y, K = BENCH_MEM_ONNX_K
 * (default 2048: W is 16.8 MB), to see what a session's weights cost and whether they are given back.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOnnxRuntime, type OnnxRuntime } from 'modelwire/onnx';
import { encodeModel } from '../../scripts/gen-models.js';
import { mulberry32 } from '../../scripts/model-weights.js';
import { report, settledLiveBytes, type Sample } from './memory.js';

/** Side of the weights model's square matrix (env BENCH_MEM_ONNX_K). */
export const ONNX_K = Number(process.env.BENCH_MEM_ONNX_K ?? 2048);
/** Inline runs and worker runs looked at for what each run leaves behind (env BENCH_MEM_ONNX_RUNS / BENCH_MEM_ONNX_WORKER_RUNS). */
export const ONNX_RUNS = Number(process.env.BENCH_MEM_ONNX_RUNS ?? 5000);
export const ONNX_WORKER_RUNS = Number(process.env.BENCH_MEM_ONNX_WORKER_RUNS ?? 4000);
/** Load, run, unload cycles of the weights model after its first unload. */
export const ONNX_CYCLES = Number(process.env.BENCH_MEM_ONNX_CYCLES ?? 3);
/** Pool sizes measured: the default (1) and 2. */
export const POOL_SIZES = [1, 2] as const;

const MLP_SRC = fileURLToPath(new URL('../../models/mlp.onnx', import.meta.url));

/** Writes the repository the children use (mlp.onnx, weights.onnx) into a new temporary directory and returns its path; the parent calls it once and removes it. */
export function prepareOnnxModels(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelwire-membench-'));
  copyFileSync(MLP_SRC, join(dir, 'mlp.onnx'));
  const rnd = mulberry32(7);
  const w = new Float32Array(ONNX_K * ONNX_K);
  for (let i = 0; i < w.length; i++) w[i] = rnd() - 0.5;
  const vi = (name: string, dims: Array<number | string>) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });
  const model = encodeModel({
    name: 'weights',
    node: [{ opType: 'MatMul', input: ['x', 'W'], output: ['y'], attribute: [], name: 'y' }],
    initializer: [{ name: 'W', dataType: 1, dims: [ONNX_K, ONNX_K], rawData: new Uint8Array(w.buffer) }],
    input: [vi('x', ['batch', ONNX_K])],
    output: [vi('y', ['batch', ONNX_K])],
  });
  writeFileSync(join(dir, 'weights.onnx'), model);
  return dir;
}

const modelsDir = (): string => {
  const dir = process.env.BENCH_MEM_ONNX_DIR;
  if (!dir) throw new Error('BENCH_MEM_ONNX_DIR is not set (the parent sets it)');
  return dir;
};

/** The options createOnnxRuntime gives every session by default, for the raw side. */
const rawOptions = { logSeverityLevel: 3, intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' } as const;

type Model = 'mlp' | 'weights';
const width = (m: Model): number => (m === 'mlp' ? 4 : ONNX_K);
/** A fresh [1, width] input each call (worker mode transfers, and so detaches, it). */
function input(m: Model, seed: number): Float32Array {
  const x = new Float32Array(width(m));
  for (let i = 0; i < x.length; i++) x[i] = ((i + seed) % 13) / 13 - 0.5;
  return x;
}
const outLength = (m: Model): number => (m === 'mlp' ? 3 : ONNX_K);

/** One side's way to load and run a model and to let it go; `run` checks the output's length. */
interface Driver {
  run(m: Model, seed: number): Promise<void>;
  release(m: Model): Promise<void>;
  close(): Promise<void>;
}

function sdkDriver(rt: OnnxRuntime): Driver {
  return {
    async run(m, seed) {
      const res = await rt.infer(m, { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, width(m)], data: input(m, seed) }] });
      if ((res.outputs[0]!.data as Float32Array).length !== outLength(m)) throw new Error(`${m}: wrong output`);
    },
    release: (m) => rt.unload(m),
    close: () => rt.dispose(),
  };
}

interface RawSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release(): Promise<void>;
}

/** Raw onnxruntime-node: imported on first use (as modelwire does), one session per model, released by hand. */
function rawDriver(): Driver {
  let ort: typeof import('onnxruntime-node') | undefined;
  const sessions = new Map<Model, RawSession>();
  const session = async (m: Model): Promise<RawSession> => {
    ort ??= await import('onnxruntime-node');
    let s = sessions.get(m);
    if (!s) {
      s = (await ort.InferenceSession.create(join(modelsDir(), `${m}.onnx`), { ...rawOptions })) as unknown as RawSession;
      sessions.set(m, s);
    }
    return s;
  };
  return {
    async run(m, seed) {
      const s = await session(m);
      const res = await s.run({ x: new ort!.Tensor('float32', input(m, seed), [1, width(m)]) });
      const out = res[m === 'mlp' ? 'probs' : 'y']?.data;
      if (!(out instanceof Float32Array) || out.length !== outLength(m)) throw new Error(`${m}: wrong output`);
    },
    async release(m) {
      const s = sessions.get(m);
      sessions.delete(m);
      await s?.release();
    },
    async close() {
      for (const m of [...sessions.keys()]) await this.release(m);
    },
  };
}

/** RSS (every thread's memory) and live V8 memory once GCs and event-loop turns have let go of what they can. */
async function settled(): Promise<{ rss: number; live: number }> {
  const live = await settledLiveBytes();
  // and a moment for the worker threads (a terminated worker's memory goes when its thread exits)
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { rss: process.memoryUsage.rss(), live };
}

/**
 * Loads and runs the MLP then the weights model once each, unloads the weights model, loads and
 * unloads it ONNX_CYCLES more times, then disposes (raw: releases what is left). RSS over RSS
 * before anything was loaded (onnxruntime-node not imported yet, on both sides), or over the step
 * before: `weights` over `mlp`, `freed` = loaded − unloaded, `unloadKept` over `mlp`, `cycleGrowth`
 * per cycle over the first unload.
 */
async function loadScenario(side: 'sdk' | 'raw'): Promise<Sample> {
  const base = await settled();
  const d = side === 'sdk' ? sdkDriver(createOnnxRuntime({ modelRepository: modelsDir() })) : rawDriver();
  await d.run('mlp', 0);
  const mlp = await settled();
  await d.run('weights', 0);
  const weights = await settled();
  await d.release('weights');
  const unloaded = await settled();
  for (let i = 1; i <= ONNX_CYCLES; i++) {
    await d.run('weights', i);
    await d.release('weights');
  }
  const cycled = await settled();
  await d.close();
  const closed = await settled();
  return {
    mlp: mlp.rss - base.rss,
    mlpLive: mlp.live - base.live,
    weights: weights.rss - mlp.rss,
    freed: weights.rss - unloaded.rss,
    unloadKept: unloaded.rss - mlp.rss,
    cycleGrowth: (cycled.rss - unloaded.rss) / ONNX_CYCLES,
    closed: closed.rss - base.rss,
  };
}

/**
 * Worker mode with `workers` threads (0: inline): a run of the MLP on every worker, then of the
 * weights model on every worker (as many runs at once as workers: the pool gives each to an idle
 * worker), then dispose. RSS over RSS before anything was loaded.
 */
async function workersScenario(workers: number): Promise<Sample> {
  const base = await settled();
  const rt = createOnnxRuntime({ modelRepository: modelsDir(), ...(workers > 0 ? { execution: 'worker' as const, workers } : {}) });
  const d = sdkDriver(rt);
  const onEach = (m: Model): Promise<unknown> => Promise.all(Array.from({ length: Math.max(1, workers) }, (_, i) => d.run(m, i)));
  await onEach('mlp');
  const mlp = await settled();
  await onEach('weights');
  const weights = await settled();
  await d.close();
  const closed = await settled();
  return { mlp: mlp.rss - base.rss, weights: weights.rss - base.rss, closed: closed.rss - base.rss };
}

/**
 * What runs leave behind: after a warm-up of 500 MLP runs one after another (the session loaded,
 * ORT's arena and V8's code in place), live memory and RSS after `n` more runs over the same before
 * them, and RSS over its value after the first half (a worker's own V8 heap, counted in RSS, grows
 * during the first runs, a step that does not grow with `n`; a leak grows in the second half as in
 * the first).
 */
async function runsScenario(d: Driver, n: number): Promise<Sample> {
  for (let i = 0; i < 500; i++) await d.run('mlp', i);
  const before = await settled();
  for (let i = 0; i < n >> 1; i++) await d.run('mlp', i);
  const half = await settled();
  for (let i = n >> 1; i < n; i++) await d.run('mlp', i);
  const after = await settled();
  await d.close();
  return { live: after.live - before.live, rss: after.rss - before.rss, rssSecondHalf: after.rss - half.rss };
}

/** The ONNX child kinds; `side` is sdk or raw, or for `onnx-workers` the pool size (0 = inline). */
export const onnxKinds = {
  'onnx-load': (side: string) => loadScenario(side === 'raw' ? 'raw' : 'sdk'),
  'onnx-workers': (side: string) => workersScenario(Number(side)),
  // inline runs, then (another runtime: a pool of one worker; raw: another session) worker runs, in one process
  'onnx-runs': async (side: string): Promise<Sample> => {
    const dir = modelsDir();
    const inline = await runsScenario(side === 'raw' ? rawDriver() : sdkDriver(createOnnxRuntime({ modelRepository: dir })), ONNX_RUNS);
    const worker = await runsScenario(side === 'raw' ? rawDriver() : sdkDriver(createOnnxRuntime({ modelRepository: dir, execution: 'worker' })), ONNX_WORKER_RUNS);
    return Object.fromEntries([...Object.entries(inline), ...Object.entries(worker).map(([k, v]) => [`worker_${k}`, v])]) as Sample;
  },
} satisfies Record<string, (side: string) => Promise<Sample>>;

export type OnnxKind = keyof typeof onnxKinds;

// a child: `node --import tsx memory-onnx.ts <kind> <side>` prints its RESULT line
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await onnxKinds[process.argv[2] as OnnxKind](process.argv[3]!));
  process.exit(0);
}
