/**
 * Worker mode with several workers: each worker holds its own copy of a model's session, and a
 * worker that runs the model for the first time creates its copy then (with workers: 2, the first
 * run after load() or get() goes to the second worker). That creation happened inside the run
 * message, where neither the call's deadline nor its signal reached it: an infer with timeoutMs:
 * 100 waited for the whole creation (seconds for a large model, for ever if it hung), although
 * docs/onnx.md promises that the deadline and the signal bound the model's session being created.
 * Now the creation in that worker is waited for like the first one: the call ends at once with
 * TimeoutError / AbortError, the creation goes on and the worker keeps the session for the next call.
 *
 * A stand-in ORT module (loaded in the workers) holds every session creation while the gate file
 * is missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AbortError, TimeoutError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs, within } from '../core/_support.js';

const dir = mkdtempSync(join(tmpdir(), 'modelwire-worker-deadline-'));
const gate = join(dir, 'gate');
const counter = join(dir, 'creates');
const fakeOrt = join(dir, 'fake-ort.cjs');
writeFileSync(
  fakeOrt,
  `'use strict';
const fs = require('node:fs');
class Tensor { constructor(type, data, dims) { this.type = type; this.data = data; this.dims = dims; } }
const meta = [{ name: 'x', isTensor: true, type: 'float32', shape: ['n', 4] }];
const outMeta = [{ name: 'y', isTensor: true, type: 'float32', shape: ['n', 4] }];
exports.Tensor = Tensor;
exports.env = {};
exports.InferenceSession = { create: async () => {
  fs.appendFileSync(${JSON.stringify(counter)}, 'x');
  while (!fs.existsSync(${JSON.stringify(gate)})) await new Promise((r) => setTimeout(r, 5));
  return {
    inputNames: ['x'], outputNames: ['y'], inputMetadata: meta, outputMetadata: outMeta,
    run: async (feeds) => ({ y: new Tensor('float32', Float32Array.from(feeds.x.data, (v) => v * 2), feeds.x.dims) }),
    release: async () => {},
  };
} };
`,
);
writeFileSync(join(dir, 'm.onnx'), 'stand-in');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

vi.mock('../../src/onnx/worker-pool.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/onnx/worker-pool.js')>();
  return { ...mod, createWorkerPool: (o: Parameters<typeof mod.createWorkerPool>[0]) => mod.createWorkerPool({ ...o, modulePath: fakeOrt }) };
});

const req = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] });
const creates = (): number => (existsSync(counter) ? readFileSync(counter, 'utf8').length : 0);

describe('onnx worker mode: the session created in a worker on its first run there', () => {
  it.each([
    ['the deadline', TimeoutError, () => ({ options: { timeoutMs: 100 }, abort: (): void => undefined })],
    ['an abort', AbortError, () => {
      const ac = new AbortController();
      return { options: { signal: ac.signal }, abort: (): void => ac.abort() };
    }],
  ] as const)('%s ends the call at once; the creation goes on and the next call uses it', async (_, type, setup) => {
    rmSync(counter, { force: true });
    writeFileSync(gate, '');
    const rt = createOnnxRuntime({ modelRepository: dir, execution: 'worker', workers: 2, warmup: false });
    try {
      await rt.get('m'); // the first worker has the session
      expect(creates()).toBe(1);
      rmSync(gate); // every creation from now on waits
      const { options, abort } = setup();
      // followed at once: the deadline may pass before the creation is seen to start
      const outcome = rejectionAs(rt.infer('m', req(), options), type);
      await within(
        (async () => {
          while (creates() < 2) await new Promise((r) => setTimeout(r, 5));
        })(),
        5_000,
        'the second worker creating its session',
      );
      abort();
      const err = await within(outcome, 5_000, 'the call after its end');
      expect(err.operation).toBe('onnx.infer');
      writeFileSync(gate, '');
      // the second worker kept the session it went on creating: no creation more
      const res = await within(Promise.all([rt.infer('m', req()), rt.infer('m', req())]), 5_000, 'two calls after');
      expect(Array.from(res[0].outputs[0]!.data as Float32Array)).toEqual([2, 4, 6, 8]);
      expect(creates()).toBe(2);
    } finally {
      writeFileSync(gate, '');
      await rt.dispose();
    }
  });
});
