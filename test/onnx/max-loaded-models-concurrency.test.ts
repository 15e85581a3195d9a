/**
 * `maxLoadedModels` under concurrent first calls (docs/onnx.md, Loaded models): calls of several
 * models that all arrive before any session exists load past the cap (a model being loaded or with
 * a run queued is never unloaded), each answers from its own model, and once they are done the
 * runtime is back within the cap with every other session released. In the worker pool and on
 * onnxruntime-web (the same src/onnx/runtime.ts) an evicted model is unloaded and loads again alike.
 */
import { describe, expect, it } from 'vitest';
import type { InferenceRequest, InferenceResponse } from '../../src/oip/types.js';
import { INT64_ADD, INT64_MUL, mlpReference } from '../../scripts/model-weights.js';
import { gatedLoader, holdingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();

/** A call of one of four models made from `k`, and what its first output must hold. */
const CASES: Array<{ model: string; request: (k: number) => InferenceRequest; expected: (k: number) => unknown[] }> = [
  {
    model: 'mlp',
    request: (k) => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(k, -k, k / 2, 1) }] }),
    expected: (k) => Array.from(mlpReference(Float32Array.of(k, -k, k / 2, 1), 1)),
  },
  {
    model: 'int64',
    request: (k) => ({ inputs: [{ name: 'x', datatype: 'INT64', shape: [1], data: BigInt64Array.of(BigInt(k)) }] }),
    expected: (k) => [BigInt(k) * INT64_MUL + INT64_ADD],
  },
  {
    model: 'two_io',
    request: (k) => ({
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [1, 2], data: Float32Array.of(k, 0.5) },
        { name: 'b', datatype: 'INT32', shape: [1, 2], data: Int32Array.of(1, k) },
      ],
    }),
    expected: (k) => [k + 1, 0.5 + k],
  },
  {
    model: 'strings',
    request: (k) => ({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [1], data: [`call ${k}`] }] }),
    expected: (k) => [`CALL ${k}`],
  },
];

function check(res: InferenceResponse, model: string, k: number): void {
  const c = CASES.find((x) => x.model === model)!;
  expect(res.model_name).toBe(model);
  const got = Array.from(res.outputs[0]!.data as ArrayLike<unknown>);
  const want = c.expected(k);
  if (model === 'mlp') got.forEach((v, i) => expect(Math.abs((v as number) - (want[i] as number))).toBeLessThan(1e-6));
  else expect(got).toEqual(want);
}

/** Three rounds of one call per model, all started at once, in a different order each round. */
async function callAll(rt: ReturnType<typeof runtime>): Promise<void> {
  const calls: Array<Promise<void>> = [];
  for (let round = 0; round < 3; round++) {
    const order = round === 1 ? [...CASES].reverse() : CASES;
    order.forEach((c, i) => {
      const k = round * 10 + i + 1;
      calls.push(rt.infer(c.model, c.request(k)).then((res) => check(res, c.model, k)));
    });
  }
  await Promise.all(calls);
}

describe('onnx: maxLoadedModels under concurrent calls', () => {
  it.each([1, 2])('cap %i: every first call answers from its model; then the cap holds and the rest is released', async (cap) => {
    const ort = gatedLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: cap });
    const all = callAll(rt);
    while (ort.stats.creates < CASES.length) await new Promise((r) => setTimeout(r, 5)); // all four being created at once
    ort.open();
    await all;
    expect((await rt.list({ ready: true })).length).toBe(cap);
    expect(ort.stats.releases).toBe(ort.stats.creates - cap);
    await rt.dispose();
    expect(ort.stats.releases).toBe(ort.stats.creates);
  });

  it('cap 1 with sessions already loaded: calls across models evict and reload as they go, each answer its own', async () => {
    const ort = holdingLoader();
    const rt = runtime({ loader: ort.loader, warmup: false, maxLoadedModels: 1, maxConcurrentRuns: 2 });
    for (const c of CASES) await rt.infer(c.model, c.request(0));
    await callAll(rt);
    expect((await rt.list({ ready: true })).length).toBe(1);
    expect(ort.released.length).toBe(ort.created.length - 1);
  });

  it.each([
    ['worker pool', { execution: 'worker' as const }],
    ['onnxruntime-web', { backend: 'web' as const }],
  ])('%s: an evicted model is unloaded as unload() does and loads again', async (_, options) => {
    const rt = runtime({ ...options, warmup: false, maxLoadedModels: 1 });
    const [mlp, int64] = CASES;
    check(await rt.infer('mlp', mlp!.request(1)), 'mlp', 1);
    check(await rt.infer('int64', int64!.request(2)), 'int64', 2);
    expect(await rt.list({ ready: true })).toEqual([{ name: 'int64', state: 'READY' }]);
    expect((await rt.list()).find((e) => e.name === 'mlp')).toMatchObject({ state: 'UNAVAILABLE', reason: 'unloaded' });
    check(await rt.infer('mlp', mlp!.request(3)), 'mlp', 3);
    expect(await rt.list({ ready: true })).toEqual([{ name: 'mlp', state: 'READY' }]);
  });
});
