/**
 * The ONNX Runtime session options the local runtime passes (docs/onnx.md, Options): the defaults
 * `{ logSeverityLevel: 3, intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel:
 * 'all', executionMode: 'sequential' }`, the user's `sessionOptions` merged over them, a fresh copy per
 * session; on the `web` backend the model bytes (not a path) and `env.wasm.numThreads` set once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OnnxSessionOptions, OrtLoader } from '../../src/onnx/index.js';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();

interface Created {
  model: unknown;
  /** A copy of the options as passed (onnxruntime-web mutates the object it gets). */
  options: Record<string, unknown>;
  passed: object;
}

/** The real ORT package, recording what `InferenceSession.create` receives and every write to `env.wasm`. */
function recordingLoader(pkg: 'onnxruntime-node' | 'onnxruntime-web'): { loader: OrtLoader; created: Created[]; wasmWrites: Array<[PropertyKey, unknown]> } {
  const created: Created[] = [];
  const wasmWrites: Array<[PropertyKey, unknown]> = [];
  const loader: OrtLoader = async () => {
    const ort = (await import(pkg)) as typeof import('onnxruntime-node');
    const create = (model: unknown, options: Record<string, unknown>) => {
      created.push({ model, options: { ...options }, passed: options });
      return (ort.InferenceSession.create as (m: unknown, o: unknown) => Promise<unknown>)(model, options);
    };
    const wasm = new Proxy(ort.env.wasm, {
      set(target, key, value) {
        wasmWrites.push([key, value]);
        return Reflect.set(target, key, value);
      },
    });
    return { InferenceSession: { create }, Tensor: ort.Tensor, env: { ...ort.env, wasm } };
  };
  return { loader, created, wasmWrites };
}

const DEFAULTS = { logSeverityLevel: 3, intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };

describe('onnx: session options', () => {
  it('defaults: one intra-op thread, one inter-op thread, errors-only logging, full graph optimisation, sequential', async () => {
    const { loader, created } = recordingLoader('onnxruntime-node');
    const rt = runtime({ loader });
    await rt.get('mlp');
    expect(created).toHaveLength(1);
    expect(created[0]!.model).toBe(join(MODELS_DIR, 'mlp.onnx'));
    expect(created[0]!.options).toEqual(DEFAULTS);
  });

  it('threads sets intraOpNumThreads (rounded down); sessionOptions are merged over the defaults, as a fresh copy per session', async () => {
    const { loader, created } = recordingLoader('onnxruntime-node');
    const user: OnnxSessionOptions = { graphOptimizationLevel: 'basic', logSeverityLevel: 4, enableCpuMemArena: false };
    const snapshot = structuredClone(user);
    const rt = runtime({ loader, threads: 2.9, sessionOptions: user });
    await rt.get('mlp');
    await rt.get('two_io');
    expect(created.map((c) => c.options)).toEqual([
      { ...DEFAULTS, intraOpNumThreads: 2, graphOptimizationLevel: 'basic', logSeverityLevel: 4, enableCpuMemArena: false },
      { ...DEFAULTS, intraOpNumThreads: 2, graphOptimizationLevel: 'basic', logSeverityLevel: 4, enableCpuMemArena: false },
    ]);
    expect(created[0]!.passed).not.toBe(created[1]!.passed);
    expect(created[0]!.passed).not.toBe(user);
    expect(user).toEqual(snapshot);
  });

  it('sessionOptions that structuredClone cannot copy (a function inside) are still merged, not dropped', async () => {
    const { loader, created } = recordingLoader('onnxruntime-node');
    const custom = { note: () => 'kept' };
    const rt = runtime({ loader, sessionOptions: { graphOptimizationLevel: 'basic', ...custom } as OnnxSessionOptions });
    const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
    expect(res.outputs[0]!.shape).toEqual([1, 3]);
    expect(created[0]!.options).toMatchObject({ ...DEFAULTS, graphOptimizationLevel: 'basic' });
    expect(created[0]!.options.note).toBe(custom.note);
  });

  it("web: ORT gets the model's bytes and fresh options; env.wasm.numThreads is set to threads once", async () => {
    const { loader, created, wasmWrites } = recordingLoader('onnxruntime-web');
    const rt = runtime({ backend: 'web', loader });
    await rt.get('mlp');
    await rt.get('two_io');
    expect(created).toHaveLength(2);
    // the bytes as read from the file (a Buffer, not a copy of it: web-backend-model-bytes.test.ts)
    expect(created[0]!.model).toEqual(readFileSync(join(MODELS_DIR, 'mlp.onnx')));
    expect(created[1]!.model).toEqual(readFileSync(join(MODELS_DIR, 'two_io.onnx')));
    expect(created.map((c) => c.options)).toEqual([DEFAULTS, DEFAULTS]);
    expect(wasmWrites.filter(([k]) => k === 'numThreads')).toEqual([['numThreads', 1]]);
  });
});
