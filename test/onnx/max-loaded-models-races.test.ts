/**
 * `maxLoadedModels` (docs/onnx.md, Loaded models) against what runs beside an eviction: latest-version
 * look-ups that end after the last run did, calls that name a version that does not exist, aborts
 * while queued or while the session is created, an explicit unload or dispose. Whatever the order,
 * once every call has settled at most `n` models are loaded, every call answers from its model and
 * every session created is released once. Real onnxruntime-node, wrapped to see creations and
 * releases and to hand a run's result over when the test says so (that ends the run before any I/O).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InferenceRequest } from '../../src/oip/types.js';
import { INT64_ADD, INT64_MUL } from '../../scripts/model-weights.js';
import { holdingLoader, MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });
const int64 = (x: bigint): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'INT64', shape: [1], data: BigInt64Array.of(x) }] });
const tick = () => new Promise((r) => setTimeout(r, 5));

/** A repository with `a/1` and `b/1` (copies of mlp, so their sessions are named `model`) and a flat int64. */
function versionedRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'modelwire-cap-race-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  for (const m of ['a', 'b']) {
    mkdirSync(join(repo, m, '1'), { recursive: true });
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, m, '1', 'model.onnx'));
  }
  copyFileSync(join(MODELS_DIR, 'int64.onnx'), join(repo, 'int64.onnx'));
  return repo;
}

describe('onnx: maxLoadedModels races', () => {
  it('is back within the cap when latest-version look-ups end after the last run did', async () => {
    const ort = holdingLoader();
    const rt = runtime({ modelRepository: versionedRepo(), loader: ort.loader, warmup: false, maxLoadedModels: 1, maxConcurrentRuns: 2 });
    const free = ort.holdResults('model');
    // a and b both busy: both loaded, past the cap
    const runs = [rt.infer('a', mlp(), { version: '1' }), rt.infer('b', mlp(), { version: '1' })];
    while (ort.started('model') < 2) await tick();
    // look-ups of their latest versions (the same sessions) are under way when the runs end
    const gets = [rt.get('a'), rt.get('b')];
    free();
    await Promise.all(runs);
    expect((await Promise.all(gets)).map((m) => m.name)).toEqual(['a', 'b']);
    expect((await rt.list({ ready: true })).length).toBeLessThanOrEqual(1);
  });

  it('a call naming a version or model that does not exist unloads nothing', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 1 });
    await rt.infer('mlp', mlp());
    await expect(rt.infer('mlp', mlp(), { version: '9' })).rejects.toThrow(/not found/);
    await expect(rt.infer('nosuch', mlp(), { version: '1' })).rejects.toThrow(/not found/);
    expect(await rt.ready('nosuch', { version: '1' })).toBe(false);
    await expect(rt.get('int64', { version: '2' })).rejects.toThrow(/not found/);
    expect(ort.released).toEqual([]);
    expect((await rt.list({ ready: true })).map((e) => e.name)).toEqual(['mlp']);
  });

  it('a look-up shared by get and infer: the model is not unloaded under the infer that takes it', async () => {
    const ort = holdingLoader();
    const rt = runtime({ modelRepository: versionedRepo(), loader: ort.loader, warmup: false, maxLoadedModels: 1, maxConcurrentRuns: 3 });
    const free = ort.hold('int64');
    const busy = rt.infer('int64', int64(2n));
    while (ort.started('int64') === 0) await tick();
    const freeFirst = ort.holdResults('model');
    const first = rt.infer('a', mlp(), { version: '1' }); // loaded past the cap: int64 is busy
    while (ort.started('model') === 0) await tick();
    // get takes a without a run, the infer with one; a's first run ends while their look-up is under way
    const [meta, out] = [rt.get('a'), rt.infer('a', mlp())];
    freeFirst();
    const freeSecond = ort.holdResults('model');
    await first;
    while (ort.started('model') < 2) await tick();
    free();
    expect(Array.from((await busy).outputs[0]!.data as BigInt64Array)).toEqual([2n * INT64_MUL + INT64_ADD]);
    freeSecond();
    expect((await meta).name).toBe('a');
    expect((await out).outputs[0]!.shape).toEqual([1, 3]);
    // a was busy (its infer) when int64 went idle: int64 is the one unloaded, a stays
    expect(ort.released).toEqual(['int64']);
    expect((await rt.list({ ready: true })).map((e) => e.name)).toEqual(['a']);
  });

  it('an abort while queued or while the session is created leaves the model idle, so unloaded past the cap', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 1, maxConcurrentRuns: 1 });
    const free = ort.hold('int64');
    const busy = rt.infer('int64', int64(1n)); // holds the one run slot
    while (ort.started('int64') === 0) await tick();
    const creating = new AbortController();
    const a = rt.infer('mlp', mlp(), { signal: creating.signal });
    creating.abort(); // before the session exists
    await expect(a).rejects.toThrow();
    while (!ort.created.includes('mlp')) await tick();
    while (ort.released.length < 1) await tick();
    expect(ort.released).toEqual(['mlp']); // idle once created: int64 is busy
    const queued = new AbortController();
    const q = rt.infer('mlp', mlp(), { signal: queued.signal });
    while ((await rt.list({ ready: true })).length < 2) await tick();
    await tick();
    queued.abort(); // waiting for the slot
    await expect(q).rejects.toThrow();
    while (ort.released.length < 2) await tick();
    expect(ort.released).toEqual(['mlp', 'mlp']);
    free();
    await busy;
    expect((await rt.list({ ready: true })).map((e) => e.name)).toEqual(['int64']);
    expect(ort.started('mlp')).toBe(0);
  });

  it('an unload or dispose beside an eviction releases each session once', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 1 });
    await rt.infer('mlp', mlp());
    await Promise.all([rt.unload('mlp'), rt.infer('int64', int64(1n)), rt.unload('mlp')]);
    expect(ort.released).toEqual(['mlp']);
    const creating = rt.infer('mlp', mlp()); // evicts int64, then its session is created
    await rt.dispose();
    await creating.catch(() => undefined);
    while (ort.released.length < ort.created.length) await tick();
    expect([...ort.released].sort()).toEqual([...ort.created].sort());
  });
});
