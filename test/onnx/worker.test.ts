import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest, InferenceResponse } from '../../src/oip/types.js';
import { MODELS_DIR, SILERO, SILERO_DIR } from './helpers.js';

const inline = createOnnxRuntime({ modelRepository: MODELS_DIR });
const worker = createOnnxRuntime({ modelRepository: MODELS_DIR, execution: 'worker', workers: 2 });
const inlineSilero = createOnnxRuntime({ modelRepository: SILERO_DIR });
const workerSilero = createOnnxRuntime({ modelRepository: SILERO_DIR, execution: 'worker' });
afterAll(() => Promise.all([inline, worker, inlineSilero, workerSilero].map((r) => r.dispose())));

/** Fresh copies each time: worker mode transfers (detaches) the input buffers. */
const requests: Record<string, () => InferenceRequest> = {
  mlp: () => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => Math.cos(i)) }] }),
  int64: () => ({ inputs: [{ name: 'x', datatype: 'INT64', shape: [3], data: BigInt64Array.of(-1n, 0n, 2n ** 60n) }] }),
  two_io: () => ({
    inputs: [
      { name: 'a', datatype: 'FP32', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) },
      { name: 'b', datatype: 'INT32', shape: [2, 2], data: Int32Array.of(4, 3, 2, 1) },
    ],
  }),
  strings: () => ({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['grüße', 'ok'] }] }),
};

function plain(res: InferenceResponse) {
  return res.outputs.map((o) => ({ name: o.name, datatype: o.datatype, shape: o.shape, ctor: o.data.constructor.name, data: Array.from(o.data as ArrayLike<unknown>) }));
}

describe("execution: 'worker'", () => {
  it.each(Object.keys(requests))('%s gives identical results to inline execution', async (model) => {
    const a = await inline.infer(model, requests[model]!());
    const b = await worker.infer(model, requests[model]!());
    expect(plain(b)).toEqual(plain(a));
    expect(await worker.get(model)).toEqual(await inline.get(model));
  });

  it('Silero VAD v5 gives identical results over a stream of frames with carried state', async () => {
    let sa: Float32Array = new Float32Array(256);
    let sb: Float32Array = new Float32Array(256);
    for (let f = 0; f < 8; f++) {
      const frame = Float32Array.from({ length: 512 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * (f * 512 + i)) / 16_000));
      const req = (state: Float32Array): InferenceRequest => ({
        inputs: [
          { name: 'input', datatype: 'FP32', shape: [1, 512], data: frame.slice() },
          { name: 'state', datatype: 'FP32', shape: [2, 1, 128], data: state },
          { name: 'sr', datatype: 'INT64', shape: [], data: BigInt64Array.of(16_000n) },
        ],
      });
      const a = await inlineSilero.infer(SILERO, req(sa));
      const b = await workerSilero.infer(SILERO, req(sb));
      expect(plain(b)).toEqual(plain(a));
      sa = a.outputs[1]!.data as Float32Array;
      sb = b.outputs[1]!.data as Float32Array;
    }
  });

  it('transfers input buffers to the worker (the caller’s arrays are detached), unless transferInputs is false', async () => {
    const x = new Float32Array(4);
    await worker.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: x }] });
    expect(x.buffer.byteLength).toBe(0);
    // a view into a larger buffer is copied, never transferred (it would detach unrelated data)
    const big = new Float32Array(8);
    const view = big.subarray(4);
    await worker.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: view }] });
    expect(big.length).toBe(8);
    const keep = createOnnxRuntime({ modelRepository: MODELS_DIR, execution: 'worker', transferInputs: false });
    const y = new Float32Array(4);
    await keep.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: y }] });
    expect(y.length).toBe(4);
    await keep.dispose();
  });

  it('runs concurrently on two workers and serves every call', async () => {
    const all = await Promise.all(Array.from({ length: 16 }, () => worker.infer('mlp', requests.mlp!())));
    const first = plain(all[0]!);
    for (const r of all) expect(plain(r)).toEqual(first);
  });

  it('keeps the event loop responsive while a long model runs', async () => {
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR, execution: 'worker' });
    await rt.load('matmul_chain');
    const n = 512;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    for (let i = 0; i < 4; i++) {
      const x = new Float32Array(n * n).fill(1 / n);
      await rt.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [n, n], data: x }] });
    }
    clearInterval(timer);
    await rt.dispose();
    // a blocked loop ticks about once per run (4); a free one ticks many times per ~20 ms run
    expect(ticks).toBeGreaterThan(10);
  });

  it('a corrupt model fails with a LocalModelError naming it, and dispose terminates the workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelwire-worker-'));
    writeFileSync(join(dir, 'bad.onnx'), 'garbage');
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(dir, 'mlp.onnx'));
    const rt = createOnnxRuntime({ modelRepository: dir, execution: 'worker' });
    const err = await rt.get('bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).model).toBe('bad');
    expect((err as Error).message).toContain('model "bad" could not be loaded');
    expect((await rt.infer('mlp', requests.mlp!())).outputs[0]!.shape).toEqual([3, 3]);
    await rt.dispose();
    await expect(rt.infer('mlp', requests.mlp!())).rejects.toBeInstanceOf(LocalModelError);
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not call the loader option: each worker requires the backend package itself (docs/onnx.md, Options)', async () => {
    let calls = 0;
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR, execution: 'worker', loader: async () => (calls++, {}) }); // inline, {} would be refused
    try {
      expect(plain(await rt.infer('mlp', requests.mlp!()))).toEqual(plain(await inline.infer('mlp', requests.mlp!())));
      expect(calls).toBe(0);
    } finally {
      await rt.dispose();
    }
  });
});

describe("backend: 'web' (onnxruntime-web, WASM)", () => {
  it('gives the same results as the native backend', async () => {
    const web = createOnnxRuntime({ modelRepository: MODELS_DIR, backend: 'web' });
    try {
      for (const model of ['mlp', 'int64', 'two_io']) {
        const a = plain(await inline.infer(model, requests[model]!()));
        const b = plain(await web.infer(model, requests[model]!()));
        expect(b.map((o) => ({ ...o, data: undefined }))).toEqual(a.map((o) => ({ ...o, data: undefined })));
        for (let i = 0; i < a.length; i++) {
          const da = a[i]!.data as number[];
          const db = b[i]!.data as number[];
          for (let j = 0; j < da.length; j++) {
            if (typeof da[j] === 'number') expect(Math.abs((db[j] as number) - da[j]!)).toBeLessThan(1e-6);
            else expect(db[j]).toBe(da[j]);
          }
        }
      }
      expect(await web.get('mlp')).toEqual(await inline.get('mlp'));
    } finally {
      await web.dispose();
    }
  });

  it("also runs in the worker pool (execution: 'worker', backend: 'web')", async () => {
    const web = createOnnxRuntime({ modelRepository: MODELS_DIR, backend: 'web', execution: 'worker' });
    try {
      // 'ß' is avoided on purpose: native (glibc C.UTF-8) keeps it, the WASM libc upper-cases it to 'ẞ'.
      const req = (): InferenceRequest => ({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['héllo wörld', 'ok'] }] });
      const a = plain(await inline.infer('strings', req()));
      const b = plain(await web.infer('strings', req()));
      expect(b).toEqual(a);
      expect(b[0]!.data).toEqual(['HÉLLO WÖRLD', 'OK']);
      expect(plain(await web.infer('mlp', requests.mlp!()))[0]!.shape).toEqual([3, 3]);
    } finally {
      await web.dispose();
    }
  });
});
