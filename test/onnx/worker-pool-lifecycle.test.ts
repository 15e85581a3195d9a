/**
 * The worker pool (src/onnx/worker-pool.ts + the worker script in worker.ts) with a stand-in ORT
 * module loaded inside the workers: terminate() rejects pending runs naming the model, an uncaught
 * error in a worker fails its pending runs, a failure reported by the worker names the model, a
 * release reaches the worker (its next run opens the session again), a busy worker is not picked
 * while another is idle, and only whole input buffers are transferred (views of a larger buffer are
 * copied, so is shared memory; one buffer fed twice is transferred once).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import type { Feed, Fetched } from '../../src/onnx/tensors.js';
import { createWorkerPool, type WorkerPool } from '../../src/onnx/worker-pool.js';
import { rejectionAs, within } from '../core/_support.js';

// Inside the worker: sessions whose path contains "broken" fail to open, "hang" runs never finish,
// "gate" runs finish when <path>.go exists, "throw" raises an uncaught error in the worker; every other run returns y = 2x and
// info = [threadId, sessions created so far in this worker, sessions released so far].
const dir = mkdtempSync(join(tmpdir(), 'modelwire-pool-life-'));
const fakeOrt = join(dir, 'fake-ort.cjs');
writeFileSync(
  fakeOrt,
  `'use strict';
const { threadId } = require('node:worker_threads');
let creates = 0, releases = 0;
class Tensor { constructor(type, data, dims) { this.type = type; this.data = data; this.dims = dims; } }
const meta = [{ name: 'x', isTensor: true, type: 'float32', shape: ['n'] }];
const outMeta = [{ name: 'y', isTensor: true, type: 'float32', shape: ['n'] }, { name: 'info', isTensor: true, type: 'float64', shape: [3] }];
exports.Tensor = Tensor;
exports.env = {};
exports.InferenceSession = { create: async (path) => {
  if (path.includes('broken')) throw new Error('bad model file ' + path);
  creates++;
  return {
    inputNames: ['x'], outputNames: ['y', 'info'], inputMetadata: meta, outputMetadata: outMeta,
    run: async (feeds) => {
      if (path.includes('hang')) return new Promise(() => {});
      // "gate" runs finish once the file <path>.go exists
      if (path.includes('gate')) while (!require('node:fs').existsSync(path + '.go')) await new Promise((r) => setTimeout(r, 5));
      if (path.includes('throw')) { setTimeout(() => { throw new Error('kaboom'); }); return new Promise(() => {}); }
      return {
        y: new Tensor('float32', Float32Array.from(feeds.x.data, (v) => v * 2), feeds.x.dims),
        info: new Tensor('float64', Float64Array.of(threadId, creates, releases), [3]),
      };
    },
    release: async () => { releases++; },
  };
} };
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});
function pool(size = 1): WorkerPool {
  const p = createWorkerPool({ size, backend: 'node', threads: 1, modulePath: fakeOrt });
  pools.push(p);
  return p;
}
const spec = (name: string) => ({ path: `/models/${name}.onnx`, options: {} });
const feed = (data: Float32Array = Float32Array.of(1, 2)): Feed[] => [{ name: 'x', type: 'float32', dims: [data.length], data }];
/** [threadId, creates, releases] as the worker reported them. */
async function info(p: WorkerPool, name: string): Promise<number[]> {
  const out = await within(p.run(name, spec(name), name, feed(), undefined), 10_000, `run ${name}`);
  return Array.from(out.find((o) => o.name === 'info')!.data as Float64Array);
}

/** A session whose runs wait until open() is called. */
function gated(name: string): { spec: { path: string; options: Record<string, unknown> }; open(): void } {
  const path = join(dir, `${name}-gate.onnx`);
  return { spec: { path, options: {} }, open: () => writeFileSync(path + '.go', '') };
}
async function infoOf(run: Promise<Fetched[]>): Promise<number[]> {
  const out = await within(run, 10_000, 'gated run');
  return Array.from(out.find((o) => o.name === 'info')!.data as Float64Array);
}

describe('worker pool lifecycle', () => {
  it('terminate() rejects a pending run with a LocalModelError that says so and names the model', async () => {
    const p = pool();
    await p.open('hang', spec('hang'), 'hang');
    const running = p.run('hang', spec('hang'), 'hang', feed(), undefined);
    await new Promise((r) => setTimeout(r, 20));
    await p.terminate();
    const err = await rejectionAs(within(running, 10_000, 'pending run'), LocalModelError);
    expect(err.model).toBe('hang');
    expect(err.message).toMatch(/was terminated while running model "hang"/);
  });

  it('an uncaught error inside a worker fails its pending runs (naming the model); the next call gets a fresh worker', async () => {
    const p = pool();
    const [tid] = await info(p, 'ok');
    const err = await rejectionAs(within(p.run('throw', spec('throw'), 'throw', feed(), undefined), 10_000, 'throwing run'), LocalModelError);
    expect(err.model).toBe('throw');
    expect(err.message).toMatch(/died while running model "throw"/);
    expect((err.cause as Error).message).toContain('kaboom');
    const [fresh, creates] = await info(p, 'ok');
    expect(fresh).not.toBe(tid);
    expect(creates).toBe(1); // the new worker opened the session from the spec
  });

  it('a failure the worker reports is a LocalModelError naming the model and carrying the message', async () => {
    const p = pool();
    const err = await rejectionAs(p.open('b', spec('broken'), 'b'), LocalModelError);
    expect(err.model).toBe('b');
    expect(err.message).toContain('model "b"');
    expect(err.message).toContain('bad model file /models/broken.onnx');
    const run = await rejectionAs(p.run('b', spec('broken'), 'b', feed(), undefined), LocalModelError);
    expect(run.model).toBe('b');
    // the worker is still alive and serves other sessions
    expect((await info(p, 'ok'))[1]).toBe(1);
  });

  it('release(key) reaches every worker that opened it, by open or by run: their next run opens the session again', async () => {
    const p = pool(2);
    await p.open('ok', spec('ok'), 'ok'); // worker A
    const [b, createsB] = await info(p, 'ok'); // worker B (spawned), opened by the run itself
    expect(createsB).toBe(1);
    await p.release('ok');
    // keep A busy with a gated run so the next run lands on B
    const gate = gated('g1');
    const busy = p.run('g1', gate.spec, 'g1', feed(), undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(await info(p, 'ok')).toEqual([b, 2, 1]);
    gate.open();
    const [a] = await infoOf(busy);
    expect(a).not.toBe(b);
    expect(await info(p, 'ok')).toEqual([a, 3, 1]); // A: created at open, released, created again (+ g1)
    await p.release('never-opened'); // harmless
  });

  it('does not pick a busy worker while another one is idle', async () => {
    const p = pool(3);
    for (let i = 0; i < 3; i++) await info(p, 'ok'); // three idle workers
    const gate = gated('g2');
    const busy = p.run('g2', gate.spec, 'g2', feed(), undefined);
    await new Promise((r) => setTimeout(r, 20));
    const during = [(await info(p, 'ok'))[0], (await info(p, 'ok'))[0]];
    gate.open();
    const [busyTid] = await infoOf(busy);
    expect(during).not.toContain(busyTid);
  });

  it('a call that cannot be posted to the worker (DataCloneError) rejects naming the model; the pool keeps working', async () => {
    const p = pool();
    const err = await rejectionAs(within(p.open('fn', { path: '/models/fn.onnx', options: { onLog: () => undefined } }, 'fn'), 10_000, 'unpostable open'), LocalModelError);
    expect(err.model).toBe('fn');
    expect(err.message).toContain('model "fn"');
    expect((await info(p, 'ok'))[1]).toBe(1);
  });

  it('transfers whole input buffers but copies views of a larger buffer and shared memory, and transfers a buffer fed twice once', async () => {
    const p = pool();
    const whole = Float32Array.of(1, 2);
    await within(p.run('ok', spec('ok'), 'ok', feed(whole), undefined), 10_000, 'whole');
    expect(whole.length).toBe(0); // transferred (detached)

    const big = Float32Array.of(1, 2, 3, 4);
    const view = big.subarray(1, 3);
    const out = await within(p.run('ok', spec('ok'), 'ok', feed(view), undefined), 10_000, 'view');
    expect(Array.from(out[0]!.data as Float32Array)).toEqual([4, 6]);
    expect(Array.from(big)).toEqual([1, 2, 3, 4]); // the larger buffer was copied, not detached

    const head = Float32Array.of(1, 2, 3, 4);
    const front = head.subarray(0, 2); // starts at offset 0 but does not span the buffer
    await within(p.run('ok', spec('ok'), 'ok', feed(front), undefined), 10_000, 'front view');
    expect(Array.from(head)).toEqual([1, 2, 3, 4]);

    const sab = new Float32Array(new SharedArrayBuffer(8));
    sab.set([7, 8]);
    const fromSab = await within(p.run('ok', spec('ok'), 'ok', feed(sab), undefined), 10_000, 'shared memory');
    expect(Array.from(fromSab[0]!.data as Float32Array)).toEqual([14, 16]);
    expect(Array.from(sab)).toEqual([7, 8]); // shared memory cannot be transferred: it is shared as is

    const shared = Float32Array.of(5, 6);
    const twice: Feed[] = [...feed(shared), { name: 'x2', type: 'float32', dims: [2], data: shared }];
    const res = await within(p.run('ok', spec('ok'), 'ok', twice, undefined), 10_000, 'shared');
    expect(Array.from(res[0]!.data as Float32Array)).toEqual([10, 12]);
  });
});
