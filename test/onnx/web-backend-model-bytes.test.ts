/**
 * `backend: 'web'` hands onnxruntime-web the model bytes as `readFile` returned them, without a
 * copy of its own (src/onnx/runtime.ts createSession, src/onnx/worker.ts open): a copy held the
 * model twice in memory (three times, with the one ORT makes into WASM memory) while the session
 * was created. Checked inline and in the worker pool with the real onnxruntime-web, wrapped so it
 * sees what it was given; the session it creates still gives the right answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrtLoader } from '../../src/onnx/index.js';
import { createWorkerPool } from '../../src/onnx/worker-pool.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const request = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

/** What onnxruntime-web's InferenceSession.create was given: a Buffer is what readFile returns, a plain Uint8Array a copy. */
function describeSource(src: unknown): string {
  return Buffer.isBuffer(src) ? 'Buffer' : src instanceof Uint8Array ? 'copied Uint8Array' : typeof src;
}

// the same wrapper in a worker: it refuses anything but the Buffer readFile gave the worker
const dir = mkdtempSync(join(tmpdir(), 'modelwire-web-bytes-'));
const wrapped = join(dir, 'ort-web-checked.cjs');
writeFileSync(
  wrapped,
  `'use strict';
const ort = require(${JSON.stringify(createRequire(import.meta.url).resolve('onnxruntime-web'))});
exports.Tensor = ort.Tensor;
exports.env = ort.env;
exports.InferenceSession = { create: (src, options) => {
  if (!Buffer.isBuffer(src)) return Promise.reject(new Error('model bytes were copied before onnxruntime-web got them'));
  return ort.InferenceSession.create(src, options);
} };
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("backend: 'web' and the model bytes", () => {
  it('inline: onnxruntime-web gets the bytes readFile returned, and the model runs', async () => {
    const seen: string[] = [];
    const loader: OrtLoader = async () => {
      const ort = await import('onnxruntime-web');
      const create = (src: unknown, options: unknown) => {
        seen.push(describeSource(src));
        return (ort.InferenceSession.create as (s: unknown, o: unknown) => Promise<unknown>)(src, options);
      };
      return { InferenceSession: { create }, Tensor: ort.Tensor, env: ort.env };
    };
    const rt = runtime({ backend: 'web', loader, warmup: false });
    const web = await rt.infer('mlp', request());
    const native = await runtime({ warmup: false }).infer('mlp', request());
    expect(seen).toEqual(['Buffer']);
    const [w, n] = [web.outputs[0]!.data as Float32Array, native.outputs[0]!.data as Float32Array];
    expect(w).toHaveLength(3);
    w.forEach((v, i) => expect(v).toBeCloseTo(n[i]!, 5));
  });

  it('worker: onnxruntime-web gets the bytes readFile returned in the worker, and the model runs', async () => {
    const pool = createWorkerPool({ size: 1, backend: 'web', threads: 1, modulePath: wrapped });
    try {
      const spec = { path: join(MODELS_DIR, 'mlp.onnx'), options: { logSeverityLevel: 3 } };
      const meta = await pool.open('mlp', spec, 'mlp');
      expect(meta.inputNames).toEqual(['x']);
      const out = await pool.run('mlp', spec, 'mlp', [{ name: 'x', type: 'float32', dims: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }], undefined);
      const probs = out[0]!.data as Float32Array;
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5); // mlp ends in a softmax
    } finally {
      await pool.terminate();
    }
  });
});
