/**
 * Worker mode, unload then load again while the old session still drains (src/onnx/runtime.ts,
 * worker-pool.ts): the session opened for the new load belongs to the new load. The old session's
 * release, sent once its last run ends, must not reach it.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { MODELS_DIR } from './helpers.js';

const x = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });
const square = (n: number): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [n, n], data: new Float32Array(n * n).fill(1 / n) }] });

// docs/onnx.md: sessions are "cached per model + version" until unload, and unload "releases every
// version of the model once their in-flight runs end". The worker pool knew sessions by the cache key
// alone (model + version), so a session opened again under the same key while the unload still waited
// for a run was the one the late release closed: the model showed READY, but its worker session was
// gone, and the next run had to create it again from the file (here removed, so the call failed; a run
// already under way on it failed with ORT's "Session already disposed").
it('worker mode: a session loaded again while the old one drains is not released by the old unload', async () => {
  const base = mkdtempSync(join(tmpdir(), 'mw-reload-'));
  copyFileSync(join(MODELS_DIR, 'matmul_chain.onnx'), join(base, 'busy.onnx'));
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(base, 'm.onnx'));
  const rt = createOnnxRuntime({ modelRepository: base, execution: 'worker', workers: 1, maxConcurrentRuns: 1, warmup: false });
  try {
    await rt.get('m');
    await rt.get('busy');
    const busy = rt.infer('busy', square(800)); // holds the only run slot while the worker computes
    const queued = rt.infer('m', x()); // an in-flight run of the old session (waiting for the slot)
    const unloaded = rt.unload('m'); // waits for that run, then releases the old session
    while ((await rt.list()).some((e) => e.name === 'm' && e.state === 'READY')) await new Promise((r) => setImmediate(r));
    const reloaded = rt.get('m'); // the new session, opened while the old one drains
    await Promise.all([busy, queued, unloaded, reloaded]);
    expect((await rt.list()).find((e) => e.name === 'm')?.state).toBe('READY');
    // a loaded session keeps running without its file, as inline sessions do
    rmSync(join(base, 'm.onnx'));
    const res = await rt.infer('m', x());
    expect(res.outputs[0]!.shape).toEqual([1, 3]);
  } finally {
    await rt.dispose();
    rmSync(base, { recursive: true, force: true });
  }
});
