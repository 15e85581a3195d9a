/**
 * What crosses to a worker when an input is a view of a larger buffer (src/onnx/worker-pool.ts).
 * A stand-in ORT module inside the worker reports, per run, the byte length of the buffer behind
 * the input it received: the message cost is what is measured here, not ORT.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../src/onnx/tensors.js';
import { createWorkerPool, type WorkerPool } from '../../src/onnx/worker-pool.js';

const dir = mkdtempSync(join(tmpdir(), 'modelwire-pool-views-'));
const fakeOrt = join(dir, 'fake-ort.cjs');
writeFileSync(
  fakeOrt,
  `'use strict';
class Tensor { constructor(type, data, dims) { this.type = type; this.data = data; this.dims = dims; } }
const meta = [{ name: 'x', isTensor: true, type: 'float32', shape: ['n'] }];
const outMeta = [{ name: 'y', isTensor: true, type: 'float32', shape: ['n'] }, { name: 'bytes', isTensor: true, type: 'float64', shape: [1] }];
exports.Tensor = Tensor;
exports.env = {};
exports.InferenceSession = { create: async () => ({
  inputNames: ['x'], outputNames: ['y', 'bytes'], inputMetadata: meta, outputMetadata: outMeta,
  run: async (feeds) => ({
    y: new Tensor('float32', Float32Array.from(feeds.x.data, (v) => v * 2), feeds.x.dims),
    bytes: new Tensor('float64', Float64Array.of(feeds.x.data.buffer.byteLength), [1]),
  }),
  release: async () => {},
}) };
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});
const spec = { path: '/models/m.onnx', options: {} };
const feed = (data: Float32Array): Feed[] => [{ name: 'x', type: 'float32', dims: [data.length], data }];

describe('worker pool: inputs that are views of a larger buffer', () => {
  // docs/onnx.md: "Arrays that are views into a larger buffer (e.g. a pooled Buffer) are always
  // copied, never transferred"; DESIGN.md: no copies where ORT can take the buffer. postMessage
  // clones a typed array together with its whole ArrayBuffer, so a 512-sample frame taken with
  // subarray() from decoded audio (the Silero use) sent the whole recording to the worker per call.
  for (const transferInputs of [true, false]) {
    it(`sends only the view's elements (transferInputs: ${transferInputs}), and leaves the caller's buffer intact`, async () => {
      const p = createWorkerPool({ size: 1, backend: 'node', threads: 1, modulePath: fakeOrt, transferInputs });
      pools.push(p);
      const audio = new Float32Array(1 << 20).map((_, i) => i);
      const frame = audio.subarray(512, 1024);
      const out = await p.run('m', spec, 'm', feed(frame), undefined);
      expect((out[0]!.data as Float32Array)[0]).toBe(1024);
      expect(Array.from(out[1]!.data as Float64Array)).toEqual([512 * 4]);
      expect(audio.length).toBe(1 << 20); // not detached
      expect(frame[0]).toBe(512);
    });
  }
});
