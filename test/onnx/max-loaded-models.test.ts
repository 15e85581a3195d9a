/**
 * `maxLoadedModels` (docs/onnx.md, Loaded models): a model about to be loaded past the cap unloads the
 * least recently used model that is idle (no run in flight or queued, not being loaded), as
 * `unload` does; a busy model is never unloaded, the cap being exceeded until a model is idle; an
 * evicted model loads again on its next call. Without the option nothing is ever unloaded (every
 * model a service ran stayed loaded). Real onnxruntime-node, wrapped to see creations and releases.
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
const words = (text: string): InferenceRequest => ({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [1], data: [text] }] });
const loaded = async (rt: ReturnType<typeof runtime>): Promise<string[]> => (await rt.list({ ready: true })).map((e) => e.name);
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('onnx: maxLoadedModels', () => {
  it('unloads the least recently used model; infer, get and load count as use', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 2 });
    await rt.infer('mlp', mlp());
    await rt.infer('int64', int64(1n));
    await rt.get('mlp'); // mlp used after int64
    await rt.infer('strings', words('a'));
    expect(ort.released).toEqual(['int64']);
    expect(await loaded(rt)).toEqual(['mlp', 'strings']);
    await rt.load('mlp'); // already loaded: a use all the same
    await rt.infer('int64', int64(2n)); // strings is now the least recently used
    expect(ort.released).toEqual(['int64', 'strings']);
    expect(await loaded(rt)).toEqual(['int64', 'mlp']);
  });

  it('an evicted model loads again on its next call and answers as before', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 1 });
    const first = await rt.infer('int64', int64(5n));
    await rt.infer('strings', words('x'));
    const again = await rt.infer('int64', int64(5n));
    expect(Array.from(again.outputs[0]!.data as BigInt64Array)).toEqual([5n * INT64_MUL + INT64_ADD]);
    expect(again.outputs).toEqual(first.outputs);
    // each model released before the next one's session was created: never two loaded at once
    expect(ort.log).toEqual(['+int64', '-int64', '+strings', '-strings', '+int64']);
    expect(await rt.ready('strings')).toBe(true); // ready() loads it back too
    expect(await loaded(rt)).toEqual(['strings']);
  });

  it('never unloads a model with a run in flight: the cap is exceeded until a model is idle', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 1, maxConcurrentRuns: 2 });
    const free = ort.hold('mlp');
    const held = rt.infer('mlp', mlp());
    while (ort.started('mlp') === 0) await tick();
    // mlp is busy: int64 is loaded beside it, and unloaded itself once its run ends (the only idle model)
    const out = await rt.infer('int64', int64(3n));
    expect(Array.from(out.outputs[0]!.data as BigInt64Array)).toEqual([3n * INT64_MUL + INT64_ADD]);
    expect(ort.released).toEqual(['int64']);
    expect(await loaded(rt)).toEqual(['mlp']);
    free();
    expect((await held).outputs[0]!.shape).toEqual([1, 3]);
    expect(ort.released).toEqual(['int64']);
    expect(await loaded(rt)).toEqual(['mlp']);
  });

  it('never unloads a model with a run queued', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 2, maxConcurrentRuns: 1 });
    await rt.infer('int64', int64(1n)); // the least recently used model
    const free = ort.hold('mlp');
    const held = rt.infer('mlp', mlp()); // holds the one run slot
    while (ort.started('mlp') === 0) await tick();
    const queued = rt.infer('int64', int64(7n)); // waits for the slot: int64 is busy
    // a third model: loaded past the cap (mlp and int64 are busy), then the one idle model, so unloaded
    expect((await rt.get('strings')).name).toBe('strings');
    expect(ort.released).toEqual(['strings']);
    expect(await loaded(rt)).toEqual(['int64', 'mlp']);
    free();
    await held;
    const out = await queued;
    expect(Array.from(out.outputs[0]!.data as BigInt64Array)).toEqual([7n * INT64_MUL + INT64_ADD]);
    expect(ort.released).toEqual(['strings']);
    expect(await loaded(rt)).toEqual(['int64', 'mlp']);
  });

  it('list() after an eviction reads as after unload(), and unload() of an evicted model resolves', async () => {
    const capped = runtime({ warmup: false, maxLoadedModels: 1 });
    const plain = runtime({ warmup: false });
    for (const rt of [capped, plain]) {
      await rt.infer('mlp', mlp());
      await rt.infer('int64', int64(1n));
    }
    await plain.unload('mlp');
    expect(await capped.list()).toEqual(await plain.list());
    expect(await capped.list({ ready: true })).toEqual(await plain.list({ ready: true }));
    expect((await capped.list()).find((e) => e.name === 'mlp')).toMatchObject({ state: 'UNAVAILABLE', reason: 'unloaded' });
    await capped.unload('mlp');
    expect(await capped.list()).toEqual(await plain.list());
  });

  it('counts a model once whatever versions of it are loaded, and unloads them all, as unload() does', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'modelwire-cap-'));
    afterAll(() => rmSync(repo, { recursive: true, force: true }));
    for (const v of ['1', '2']) {
      mkdirSync(join(repo, 'clf', v), { recursive: true });
      copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'clf', v, 'model.onnx'));
    }
    copyFileSync(join(MODELS_DIR, 'int64.onnx'), join(repo, 'int64.onnx'));
    const rt = runtime({ modelRepository: repo, warmup: false, maxLoadedModels: 1 });
    await rt.infer('clf', mlp(), { version: '1' });
    await rt.infer('clf', mlp()); // the latest, version 2: the same model
    const label = (e: { name: string; version?: string | undefined }): string => `${e.name}@${e.version ?? ''}`;
    expect((await rt.list({ ready: true })).map(label)).toEqual(['clf@1', 'clf@2']);
    await rt.infer('int64', int64(1n));
    expect((await rt.list({ ready: true })).map(label)).toEqual(['int64@']);
  });

  it('without the option nothing is unloaded', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false });
    await rt.infer('mlp', mlp());
    await rt.infer('int64', int64(1n));
    await rt.infer('strings', words('a'));
    expect(ort.released).toEqual([]);
    expect(await loaded(rt)).toEqual(['int64', 'mlp', 'strings']);
  });
});
