/**
 * The local runtime at its edges (src/onnx/runtime.ts, worker-pool.ts, tensors.ts): an abort while
 * the session is created, unload after a run that failed inside ONNX Runtime, typed arrays from
 * another realm.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AbortError, LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { countingLoader, MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

describe('onnx runtime edges', () => {
  // docs/onnx.md (Errors): AbortError when "signal aborted before the run started".
  // The signal is only checked on entry and while queued in the limiter; an abort that happens while
  // the session is being created (first call) is ignored and the run executes anyway.
  it('an abort while the session is still being created rejects with AbortError and runs nothing', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const ac = new AbortController();
    const p = rt.infer('mlp', mlp(), { signal: ac.signal });
    ac.abort(); // the session is still loading: nothing has run yet
    const outcome = await p.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(stats.runs).toBe(0);
    expect(outcome).toBeInstanceOf(AbortError);
  });

  // docs/onnx.md: unload(model) "releases every version of the model". In worker mode, a run that
  // fails inside ORT makes the pool forget that the worker holds the session (worker-pool.ts
  // workerError deletes the key from slot.opened), so unload never sends 'release' to that worker:
  // the native session leaks, and the next open of the same key silently reuses the stale session.
  it("worker mode: unload releases the worker's session even after a run on it failed inside ORT", async () => {
    const base = mkdtempSync(join(tmpdir(), 'mw-unload-'));
    copyFileSync(join(MODELS_DIR, 'matmul_chain.onnx'), join(base, 'm.onnx'));
    const rt = createOnnxRuntime({ modelRepository: base, execution: 'worker', warmup: false });
    try {
      expect((await rt.get('m')).inputs[0]!.shape).toEqual([-1, -1]);
      // [2,3] passes validation (both dims symbolic) but MatMul fails inside ORT
      await expect(rt.infer('m', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: new Float32Array(6) }] })).rejects.toBeInstanceOf(LocalModelError);
      await rt.unload('m');
      copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(base, 'm.onnx'));
      // a released session means the file now on disk is opened (without the failed run above this passes)
      expect((await rt.get('m')).inputs[0]!.shape).toEqual([-1, 4]);
    } finally {
      await rt.dispose();
      rmSync(base, { recursive: true, force: true });
    }
  });

  // tensors.ts deliberately accepts typed arrays from another realm (isKind compares the tag because
  // "typed arrays from another realm (vm context) fail instanceof"), but hands them to ort.Tensor
  // unchanged; ORT's constructor uses instanceof and throws, so inline mode fails with
  // LocalModelError "failed to run" (worker mode works because structured clone re-creates the array).
  it('inline mode runs a typed array from another realm, which the validator accepts', async () => {
    const rt = runtime();
    const x = runInNewContext('new Float32Array([0.1, 0.2, 0.3, 0.4])') as Float32Array;
    const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: x }] });
    expect(res.outputs[0]!.shape).toEqual([1, 3]);
  });

  it('a BYTES element that is a Uint8Array from another realm is read as its text, like a numeric array from there', async () => {
    const rt = runtime();
    const word = runInNewContext('new Uint8Array([104, 105])') as Uint8Array;
    const res = await rt.infer('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: [word, new TextEncoder().encode('hi')] }] });
    const out = res.outputs[0]!.data as string[];
    expect(out[0]).toBe(out[1]);
  });
});
