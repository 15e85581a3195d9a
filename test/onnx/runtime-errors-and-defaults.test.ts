/**
 * The local runtime's errors and defaults (src/onnx/runtime.ts, docs/onnx.md "Options" and "Errors"):
 * a bad `modelRepository`, errors that name the model and carry ONNX Runtime's reason, calls after
 * `dispose`, an already-aborted call on a cold runtime, `unload` of a model that is not there, the
 * `reason` of unloaded entries, and the worker-mode default of `maxConcurrentRuns` (= `workers`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, LocalModelError, TimeoutError } from '../../src/core/errors.js';
import { createOnnxRuntime, type OnnxRuntimeOptions } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs } from '../core/_support.js';
import { countingLoader, MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

const broken = mkdtempSync(join(tmpdir(), 'mw-onnx-errors-'));
writeFileSync(join(broken, 'garbage.onnx'), 'not a protobuf model');
afterAll(() => rmSync(broken, { recursive: true, force: true }));

describe('onnx: createOnnxRuntime needs a modelRepository path', () => {
  it.each<[string, unknown]>([
    ['no options', undefined],
    ['no modelRepository', {}],
    ['an empty string', { modelRepository: '' }],
    ['a number', { modelRepository: 42 }],
  ])('%s: LocalModelError naming modelRepository', (_label, options) => {
    let err: unknown;
    try {
      createOnnxRuntime(options as OnnxRuntimeOptions);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as Error).message).toMatch(/modelRepository must be a directory path/);
    expect((err as LocalModelError).operation).toBe('createOnnxRuntime');
  });
});

describe("onnx: errors carry the model and ONNX Runtime's reason", () => {
  it('a file ORT cannot load: the message includes ORT’s own message (the cause)', async () => {
    const rt = runtime({ modelRepository: broken });
    const err = await rejectionAs(rt.get('garbage'), LocalModelError);
    expect(err.model).toBe('garbage');
    const cause = err.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message.length).toBeGreaterThan(0);
    expect(err.message).toContain(`could not be loaded from ${join(broken, 'garbage.onnx')}`);
    expect(err.message).toContain(cause.message);
  });

  it('a run that fails inside ORT (inline): LocalModelError "failed to run" with model, operation and cause; the slot is freed', async () => {
    const rt = runtime({ warmup: false });
    // [2,3] passes validation (both dims of matmul_chain are symbolic) but x·x fails inside ORT
    const err = await rejectionAs(rt.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: new Float32Array(6) }] }), LocalModelError);
    expect(err.model).toBe('matmul_chain');
    expect(err.operation).toBe('onnx.infer');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.message).toMatch(/model "matmul_chain" failed to run: /);
    expect(err.message).toContain((err.cause as Error).message);
    // maxConcurrentRuns is 1 inline: the next call runs, so the failed run gave its slot back
    const ok = await rt.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 2], data: Float32Array.of(1, 0, 0, 1) }] });
    expect(Array.from(ok.outputs[0]!.data as Float32Array)).toEqual([1, 0, 0, 1]);
  });
});

describe('onnx: calls after dispose', () => {
  it('infer, get, ready and unload reject with a LocalModelError that names the model and says the runtime was disposed', async () => {
    const rt = runtime();
    await rt.get('mlp');
    await rt.dispose();
    for (const call of [() => rt.infer('mlp', mlp()), () => rt.get('mlp'), () => rt.ready('mlp'), () => rt.unload('mlp')]) {
      const err = await rejectionAs(call(), LocalModelError);
      expect(err.model).toBe('mlp');
      expect(err.message).toMatch(/disposed/);
    }
    expect((await rejectionAs(rt.list(), LocalModelError)).message).toMatch(/disposed/);
  });
});

describe('onnx: aborts, unload and list', () => {
  it('an already-aborted signal on a cold runtime: AbortError (operation onnx.infer), and no session is created', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const err = await rejectionAs(rt.infer('mlp', mlp(), { signal: AbortSignal.abort() }), AbortError);
    expect(err.operation).toBe('onnx.infer');
    expect(stats.creates).toBe(0);
  });

  it('unload of a model the repository does not have resolves (nothing to release)', async () => {
    const rt = runtime();
    await expect(rt.unload('no_such_model')).resolves.toBeUndefined();
  });

  it("list: models without a session are UNAVAILABLE with reason 'unloaded'", async () => {
    const rt = runtime();
    await rt.get('mlp');
    const entries = await rt.list();
    expect(entries.find((e) => e.name === 'mlp')).toEqual({ name: 'mlp', state: 'READY' });
    expect(entries.find((e) => e.name === 'int64')).toEqual({ name: 'int64', state: 'UNAVAILABLE', reason: 'unloaded' });
  });
});

describe('onnx: maxConcurrentRuns defaults (1 inline, `workers` in worker mode)', () => {
  it('inline: one run at a time even when workers is set (it only sizes the worker pool)', async () => {
    const { loader, stats } = countingLoader(5);
    const rt = runtime({ loader, workers: 3 });
    await rt.get('mlp');
    await Promise.all(Array.from({ length: 4 }, () => rt.infer('mlp', mlp())));
    expect(stats.runs).toBe(4);
    expect(stats.maxInflight).toBe(1);
  });

  it('with workers: 2, a second call takes a slot at once; a third waits for one', async () => {
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR, execution: 'worker', workers: 2, warmup: false });
    // ~4 GFLOP per run: far longer than the 1 ms deadlines below on any CPU
    const heavy = (n = 1024) => ({ inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [n, n], data: new Float32Array(n * n) }] });
    try {
      await rt.get('matmul_chain');
      await Promise.all([rt.infer('matmul_chain', heavy(2)), rt.infer('matmul_chain', heavy(2))]); // both workers hold the session
      // the second call's deadline passes during its run (it had a slot), the third's in the queue
      const calls = [rt.infer('matmul_chain', heavy()), rt.infer('matmul_chain', heavy(), { timeoutMs: 1 }), rt.infer('matmul_chain', heavy(), { timeoutMs: 1 })];
      const settled = await Promise.allSettled(calls);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
      const [, second, third] = settled.map((s) => (s as PromiseRejectedResult).reason as Error);
      expect(second).toBeInstanceOf(TimeoutError);
      expect(second!.message).toMatch(/for model "matmul_chain" to run$/);
      expect(third).toBeInstanceOf(TimeoutError);
      expect(third!.message).toMatch(/for a free slot$/);
    } finally {
      await rt.dispose();
    }
  });
});
