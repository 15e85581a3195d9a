/**
 * docs/onnx.md (The OIP interfaces): `ready(model)` answers false when the model is missing or
 * corrupt, and throws when ONNX Runtime itself cannot run anything: onnxruntime-node not installed or
 * failing to load, or a module that is no ONNX Runtime API. Those read as `false` before, as if
 * the model were missing, so a `withFallback` target answering locally during an outage said "not
 * ready" and hid the `npm i onnxruntime-node` message that `get` and `infer` give.
 */
import { describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();

describe('onnx: ready() when ONNX Runtime cannot load', () => {
  it('throws the load failure, as get() does, instead of answering false', async () => {
    const rt = runtime({ loader: () => Promise.reject(new Error("Cannot find module 'onnxruntime-node'")) });
    const err = await rt.ready('mlp').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).message).toMatch(/^onnx\.ready: onnxruntime-node is not installed or failed to load; install it with `npm i onnxruntime-node`/);
    const viaGet = await rt.get('mlp').catch((e: unknown) => e);
    expect((viaGet as LocalModelError).message.replace('onnx.get', 'onnx.ready')).toBe((err as LocalModelError).message);
  });

  it('throws for a module that is no ONNX Runtime API', async () => {
    const rt = runtime({ loader: async () => ({ InferenceSession: undefined }) });
    const err = await rt.ready('mlp').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).message).toMatch(/did not export InferenceSession\/Tensor/);
  });

  it('still answers false for a missing model, and true for one that loads', async () => {
    const rt = runtime({ warmup: false });
    expect(await rt.ready('no_such_model')).toBe(false);
    expect(await rt.ready('mlp', { version: '7' })).toBe(false);
    expect(await rt.ready('mlp')).toBe(true);
  });
});
