/**
 * The parent's half of the ONNX memory scenarios (bench/support/memory-onnx.ts): runs each child
 * kind ROUNDS times per side in fresh processes, alternating the order, and prints the `# ` context
 * lines and the `metric memory.onnx_*` rows (see the header of bench/memory.bench.ts).
 */
import { metric } from './harness.js';
import { medianOf, rotateRuns, runChild, sideLine, type Runs } from './memory.js';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ONNX_CYCLES, ONNX_K, ONNX_RUNS, ONNX_WORKER_RUNS, prepareOnnxModels, type OnnxKind } from './memory-onnx.js';

const child = fileURLToPath(new URL('./memory-onnx.ts', import.meta.url));
/** Pins V8's young generation (see memory-onnx.ts), so RSS moves with what ORT and modelwire hold. */
const FLAGS = ['--max-semi-space-size=1'];

/**
 * glibc's malloc raises its mmap threshold to the size of the largest block freed (up to 32 MB), so
 * a released model's weights stay in the heap, counted in RSS, until malloc reuses them. With the
 * threshold fixed, large blocks are always mmapped and go back to the kernel when freed: the
 * variant that shows whether a release really frees the memory.
 */
const FIXED_MMAP = { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) };

/** Runs `kind` `rounds` times for each of `sides`, rotating which side goes first. */
const measure = (rounds: number, kind: OnnxKind, sides: string[], env: Record<string, string> = {}): Runs =>
  rotateRuns(rounds, sides, (side) => runChild(child, [kind, side], { env, flags: FLAGS }));
const med = (runs: Runs, side: string, key: string): number => medianOf(runs[side]!, key);
const line = (label: string, runs: Runs, key: string, names: Record<string, string>): void => void sideLine(label, runs, key, names);

const SDK_RAW = { sdk: 'modelwire', raw: 'raw' };
const POOLS = { '0': 'inline', '1': '1 worker', '2': '2 workers' };
const MB = 1e6;

/** Measures and prints every ONNX memory row. */
export function measureOnnx(rounds: number): void {
  const dir = prepareOnnxModels();
  process.env.BENCH_MEM_ONNX_DIR = dir;
  try {
    measureAndPrint(rounds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measureAndPrint(rounds: number): void {
  const start = performance.now();
  const weightsMb = ((ONNX_K * ONNX_K * 4) / MB).toFixed(1);
  console.log(`# ONNX: RSS over RSS before onnxruntime-node was imported; median of ${rounds} processes each (range); weights model ${weightsMb} MB`);

  const load = measure(rounds, 'onnx-load', ['sdk', 'raw']);
  const loadFixed = measure(rounds, 'onnx-load', ['sdk', 'raw'], FIXED_MMAP);
  line('MLP loaded and run once (inline)', load, 'mlp', SDK_RAW);
  line('  live V8 memory then', load, 'mlpLive', SDK_RAW);
  line(`then the ${weightsMb} MB weights model loaded and run once`, load, 'weights', SDK_RAW);
  line('  RSS given back by unload() / release() (glibc default)', load, 'freed', SDK_RAW);
  line('  the same, mmap threshold fixed at 128 KiB', loadFixed, 'freed', SDK_RAW);
  line('  kept after unload() / release() over before the load (glibc default)', load, 'unloadKept', SDK_RAW);
  line('  the same, mmap threshold fixed', loadFixed, 'unloadKept', SDK_RAW);
  line(`  growth per load-run-unload cycle, ${ONNX_CYCLES} more (glibc default)`, load, 'cycleGrowth', SDK_RAW);
  line('  the same, mmap threshold fixed', loadFixed, 'cycleGrowth', SDK_RAW);
  line('  after dispose() / releasing all (glibc default)', load, 'closed', SDK_RAW);
  line('  the same, mmap threshold fixed', loadFixed, 'closed', SDK_RAW);

  const sides = Object.keys(POOLS);
  const pools = measure(rounds, 'onnx-workers', sides);
  const poolsFixed = measure(rounds, 'onnx-workers', sides, FIXED_MMAP);
  line('MLP run on each worker', pools, 'mlp', POOLS);
  line('  then the weights model run on each', pools, 'weights', POOLS);
  line('  the same, mmap threshold fixed', poolsFixed, 'weights', POOLS);
  line('  after dispose() (glibc default)', pools, 'closed', POOLS);
  line('  the same, mmap threshold fixed', poolsFixed, 'closed', POOLS);

  const runs = measure(rounds, 'onnx-runs', ['sdk', 'raw']);
  line(`${ONNX_RUNS.toLocaleString('en')} inline MLP runs, live memory left`, runs, 'live', SDK_RAW);
  line('  RSS growth over them', runs, 'rss', SDK_RAW);
  line('  RSS growth over the second half of them', runs, 'rssSecondHalf', SDK_RAW);
  line(`${ONNX_WORKER_RUNS.toLocaleString('en')} MLP runs, a pool of one worker (modelwire) vs inline (raw), live memory left (main thread)`, runs, 'worker_live', SDK_RAW);
  line('  RSS growth over them', runs, 'worker_rss', SDK_RAW);
  line('  RSS growth over the second half of them', runs, 'worker_rssSecondHalf', SDK_RAW);

  console.log(`# the ONNX scenarios took ${((performance.now() - start) / 1000).toFixed(0)} s`);

  const d = (runs: Runs, key: string, a: string, b: string): number => med(runs, a, key) - med(runs, b, key);
  metric('memory.onnx_load_vs_raw', med(load, 'sdk', 'mlp') / med(load, 'raw', 'mlp'));
  metric('memory.onnx_weights_load_vs_raw', med(load, 'sdk', 'weights') / med(load, 'raw', 'weights'));
  metric('memory.onnx_worker_mb', d(pools, 'mlp', '2', '1') / MB, 1);
  metric('memory.onnx_worker_weights_mb', d(poolsFixed, 'weights', '2', '1') / MB, 1);
  metric('memory.onnx_pool_vs_inline', med(pools, '1', 'weights') / med(pools, '0', 'weights'));
  metric('memory.onnx_pool2_vs_inline', med(pools, '2', 'weights') / med(pools, '0', 'weights'));
  metric('memory.onnx_run_retained_b_per_run', d(runs, 'live', 'sdk', 'raw') / ONNX_RUNS, 1);
  metric('memory.onnx_worker_run_rss_b_per_run', d(runs, 'worker_rssSecondHalf', 'sdk', 'raw') / (ONNX_WORKER_RUNS >> 1), 1);
  metric('memory.onnx_unload_kept_mb', d(loadFixed, 'unloadKept', 'sdk', 'raw') / MB, 1);
  metric('memory.onnx_dispose_kept_mb', d(poolsFixed, 'closed', '2', '0') / MB, 1);
}
