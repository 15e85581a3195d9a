import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import type { Feed } from '../../src/onnx/tensors.js';
import { createWorkerPool, type WorkerPool } from '../../src/onnx/worker-pool.js';

// A stand-in ORT module for fault injection inside the worker: `run` on a session whose path
// contains "crash" kills the worker thread; otherwise it answers `y` = twice its input and `bytes` =
// the byte length of the buffer behind the input it received (what crossed to the worker).
const dir = mkdtempSync(join(tmpdir(), 'modelwire-pool-'));
const fakeOrt = join(dir, 'fake-ort.cjs');
writeFileSync(
  fakeOrt,
  `'use strict';
class Tensor { constructor(type, data, dims) { this.type = type; this.data = data; this.dims = dims; } }
const meta = [{ name: 'x', isTensor: true, type: 'float32', shape: ['n'] }];
const outMeta = [{ name: 'y', isTensor: true, type: 'float32', shape: ['n'] }, { name: 'bytes', isTensor: true, type: 'float64', shape: [1] }];
exports.Tensor = Tensor;
exports.env = {};
exports.InferenceSession = { create: async (path) => ({
  inputNames: ['x'], outputNames: ['y', 'bytes'], inputMetadata: meta, outputMetadata: outMeta,
  run: async (feeds) => {
    if (path.includes('crash')) process.exit(7);
    return {
      y: new Tensor('float32', Float32Array.from(feeds.x.data, (v) => v * 2), feeds.x.dims),
      bytes: new Tensor('float64', Float64Array.of(feeds.x.data.buffer.byteLength), [1]),
    };
  },
  release: async () => {},
}) };
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const feed = () => [{ name: 'x', type: 'float32' as const, dims: [2], data: Float32Array.of(1, 2) }];

describe('worker pool', () => {
  it('rejects the pending run with a LocalModelError when its worker dies, and replaces the worker', async () => {
    const pool = createWorkerPool({ size: 1, backend: 'node', threads: 1, modulePath: fakeOrt });
    try {
      const ok = { path: '/models/ok.onnx', options: {} };
      const meta = await pool.open('ok', ok, 'ok');
      expect(meta.inputNames).toEqual(['x']);
      const crash = { path: '/models/crash.onnx', options: {} };
      const err = await pool.run('crash', crash, 'crash', feed(), undefined).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LocalModelError);
      expect((err as LocalModelError).model).toBe('crash');
      expect((err as Error).message).toMatch(/worker thread died while running model "crash"/);
      // a fresh worker takes over; it opens the session again from the spec
      const out = await pool.run('ok', ok, 'ok', feed(), undefined);
      expect(Array.from(out[0]!.data as Float32Array)).toEqual([2, 4]);
    } finally {
      await pool.terminate();
    }
  });

  it('rejects runs after terminate', async () => {
    const pool = createWorkerPool({ size: 2, backend: 'node', threads: 1, modulePath: fakeOrt });
    await pool.open('ok', { path: '/m/ok.onnx', options: {} }, 'ok');
    await pool.terminate();
    await expect(pool.run('ok', { path: '/m/ok.onnx', options: {} }, 'ok', feed(), undefined)).rejects.toThrow(/disposed/);
  });

  it('a worker that cannot load the runtime module fails the call with a LocalModelError', async () => {
    const pool = createWorkerPool({ size: 1, backend: 'node', threads: 1, modulePath: join(dir, 'missing.cjs') });
    try {
      const err = await pool.open('m', { path: '/m.onnx', options: {} }, 'm').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LocalModelError);
    } finally {
      await pool.terminate();
    }
  });
});

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});
const spec = { path: '/models/m.onnx', options: {} };
const viewFeed = (data: Float32Array): Feed[] => [{ name: 'x', type: 'float32', dims: [data.length], data }];

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
      const out = await p.run('m', spec, 'm', viewFeed(frame), undefined);
      expect((out[0]!.data as Float32Array)[0]).toBe(1024);
      expect(Array.from(out[1]!.data as Float64Array)).toEqual([512 * 4]);
      expect(audio.length).toBe(1 << 20); // not detached
      expect(frame[0]).toBe(512);
    });
  }
});
