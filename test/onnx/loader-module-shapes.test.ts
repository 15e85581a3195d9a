/**
 * The lazy ORT loader (src/onnx/loader.ts) with the module shapes a loader may return: the named
 * exports, a CommonJS namespace with everything on `default`, and a module that lacks the API
 * (a LocalModelError naming the package). A successful import is memoised; a failed one names its
 * cause even when the cause is not an Error.
 */
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { lazyOrt } from '../../src/onnx/loader.js';
import { rejectionAs } from '../core/_support.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const ort = { InferenceSession: ortNode.InferenceSession, Tensor: ortNode.Tensor, env: ortNode.env };

describe('ORT module shapes', () => {
  it('accepts a module whose API sits on `default` (CJS interop) and runs with it', async () => {
    const rt = runtime({ loader: async () => ({ default: ort }) });
    const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
    expect(res.outputs[0]!.shape).toEqual([1, 3]);
    const get = lazyOrt('node', async () => ({ default: ort }));
    expect((await get()).InferenceSession).toBe(ort.InferenceSession);
  });

  it('prefers the named exports over `default`', async () => {
    const decoy = { InferenceSession: { create: async () => undefined }, Tensor: class {} };
    const get = lazyOrt('node', async () => ({ ...ort, default: decoy }));
    expect((await get()).InferenceSession).toBe(ort.InferenceSession);
  });

  it('a module without InferenceSession.create or Tensor is a LocalModelError naming the package', async () => {
    // on `default` too: one with a session factory but no Tensor used to be taken, and its first run failed with "Tensor is not a constructor"
    const noTensor = { default: { InferenceSession: ort.InferenceSession } };
    for (const mod of [{}, { InferenceSession: {}, Tensor: ort.Tensor }, { InferenceSession: ort.InferenceSession }, { default: { Tensor: ort.Tensor } }, noTensor, undefined, null]) {
      const err = await rejectionAs(lazyOrt('node', async () => mod)(), LocalModelError);
      expect(err.message).toContain('onnxruntime-node');
      expect(err.message).toMatch(/InferenceSession/);
    }
    const web = await rejectionAs(lazyOrt('web', async () => ({}))(), LocalModelError);
    expect(web.message).toContain('onnxruntime-web');
  });

  it('calls the loader once and reuses the module, also for concurrent first calls', async () => {
    let calls = 0;
    const get = lazyOrt('node', async () => {
      calls++;
      return ort;
    });
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    await get();
    expect(calls).toBe(1);
  });

  it('a failed import names its cause, also when the loader rejects with a non-Error; the next call retries', async () => {
    let calls = 0;
    const get = lazyOrt('web', () => {
      calls++;
      return calls === 1 ? Promise.reject('no wasm here') : Promise.resolve(ort);
    });
    const err = await rejectionAs(get(), LocalModelError);
    expect(err.message).toContain('no wasm here');
    expect(err.message).toContain('npm i onnxruntime-web');
    expect(err.cause).toBe('no wasm here');
    expect((await get()).Tensor).toBe(ort.Tensor);
    expect(calls).toBe(2);
    for (const reason of [null, undefined]) {
      const e = await rejectionAs(lazyOrt('node', () => Promise.reject(reason))(), LocalModelError);
      expect(e.message).toContain(String(reason));
    }
  });
});
