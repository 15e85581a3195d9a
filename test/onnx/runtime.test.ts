import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AbortError, InvalidRequestError, LocalModelError, TimeoutError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest, OipTarget } from '../../src/oip/types.js';
import { countingLoader, MODELS_DIR, useRuntimes } from './helpers.js';
import { TAKES_NODE_FLAGS } from '../helpers/runtime.js';

const runtime = useRuntimes();

const mlp = (batch = 1, data = new Float32Array(batch * 4)): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [batch, 4], data }] });

describe('sessions', () => {
  it('concurrent first calls create exactly one session', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const results = await Promise.all(Array.from({ length: 20 }, () => rt.infer('mlp', mlp())));
    expect(results).toHaveLength(20);
    expect(stats.creates).toBe(1);
    expect(stats.runs).toBe(20);
    await Promise.all([rt.get('mlp'), rt.ready('mlp'), rt.infer('mlp', mlp())]);
    expect(stats.creates).toBe(1);
  });

  it('different versions and models get their own sessions', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    await Promise.all([rt.get('mlp'), rt.get('two_io'), rt.get('int64'), rt.get('mlp')]);
    expect(stats.creates).toBe(3);
  });

  it('unload releases the session (after in-flight runs) and the next call creates a new one', async () => {
    const { loader, stats } = countingLoader(30);
    const rt = runtime({ loader });
    await rt.load('mlp'); // load warms up with one run
    expect(stats.creates).toBe(1);
    expect(stats.runs).toBe(1);
    const inflight = rt.infer('mlp', mlp());
    await new Promise((r) => setTimeout(r, 5));
    const unloading = rt.unload('mlp');
    expect((await inflight).outputs[0]!.data.length).toBe(3); // the run in flight finished on its session
    await unloading;
    expect(stats.releases).toBe(1);
    expect((await rt.list()).find((e) => e.name === 'mlp')!.state).toBe('UNAVAILABLE');
    await rt.infer('mlp', mlp());
    expect(stats.creates).toBe(2);
    await rt.unload('mlp');
    expect(stats.releases).toBe(2);
    await rt.unload('mlp'); // unloading an unloaded model is a no-op
    expect(stats.releases).toBe(2);
  });

  it('dispose releases every session, and later calls reject', async () => {
    const { loader, stats } = countingLoader();
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR, loader });
    await Promise.all([rt.get('mlp'), rt.get('two_io'), rt.get('strings')]);
    await rt.dispose();
    expect(stats.releases).toBe(3);
    await expect(rt.infer('mlp', mlp())).rejects.toBeInstanceOf(LocalModelError);
  });

  it('`await using` disposes too', async () => {
    const { loader, stats } = countingLoader();
    {
      await using rt = createOnnxRuntime({ modelRepository: MODELS_DIR, loader });
      await rt.get('mlp');
    }
    expect(stats.releases).toBe(1);
  });

  it('a missing peer gives a LocalModelError that says what to install (and is retried later)', async () => {
    const missing = 'onnxruntime-node-not-installed-' + 'x';
    let calls = 0;
    const rt = runtime({ loader: () => { calls++; return import(missing); } });
    const err = await rt.infer('mlp', mlp()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as Error).message).toContain('npm i onnxruntime-node');
    expect((err as Error).message).toContain(missing);
    await expect(rt.get('mlp')).rejects.toThrow('npm i onnxruntime-node');
    expect(calls).toBe(2);
    const web = runtime({ backend: 'web', loader: () => import(missing) });
    await expect(web.get('mlp')).rejects.toThrow('npm i onnxruntime-web');
  });

  it.skipIf(!TAKES_NODE_FLAGS)('importing modelwire/onnx does not load onnxruntime-node; the first model use does (fresh process, default loader)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = `import('./src/onnx/index.ts').then(async (m) => {
      const loaded = () => Object.keys(require('module')._cache).some((k) => k.includes('onnxruntime-node'));
      const before = loaded();
      const rt = m.createOnnxRuntime({ modelRepository: 'models' });
      await rt.list();
      const afterList = loaded();
      await rt.get('mlp');
      console.log(JSON.stringify({ before, afterList, afterGet: loaded() }));
      await rt.dispose();
    })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ before: false, afterList: false, afterGet: true });
  });

  it('the injected loader is called only when a model is first used', async () => {
    let loaded = false;
    const rt = runtime({ loader: async () => { loaded = true; return import('onnxruntime-node'); } });
    await rt.list(); // repository scan only
    expect(loaded).toBe(false);
    await rt.get('mlp');
    expect(loaded).toBe(true);
  });
});

describe('request validation happens before ORT runs', () => {
  const cases: Array<[string, InferenceRequest, string, RegExp]> = [
    ['unknown input name', { inputs: [{ name: 'y', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] }, 'inputs[0].name', /no input named "y" \(inputs: x\)/],
    ['element count mismatch', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 4], data: new Float32Array(4) }] }, 'inputs[0].data', /\(x\): shape \[2,4\] needs 8 elements but data has 4/],
    ['fixed dim mismatch', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 5], data: new Float32Array(5) }] }, 'inputs[0].shape[1]', /\(x\).*\[-1,4\] at dimension 1/],
    ['rank mismatch', { inputs: [{ name: 'x', datatype: 'FP32', shape: [4], data: new Float32Array(4) }] }, 'inputs[0].shape', /rank 1/],
    ['datatype mismatch', { inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 4], data: new Float64Array(4) }] }, 'inputs[0].datatype', /FP64 does not match the model's FP32/],
    ['container mismatch', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float64Array(4) as never }] }, 'inputs[0].data', /FP32 data must be a Float32Array/],
    ['negative dim', { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4], data: new Float32Array(4) }] }, 'inputs[0].shape[0]', /not a non-negative integer/],
    ['missing input', { inputs: [] }, 'inputs', /needs input "x"/],
    ['duplicate input', { inputs: [mlp().inputs[0]!, mlp().inputs[0]!] }, 'inputs[1].name', /more than once/],
    ['unknown output', { ...mlp(), outputs: [{ name: 'logits' }] }, 'outputs[0].name', /no output named "logits" \(outputs: probs\)/],
  ];
  it.each(cases)('%s', async (_label, request, path, message) => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const err = await rt.infer('mlp', request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(path);
    expect((err as Error).message).toMatch(message);
    expect(stats.runs).toBe(0);
  });

  it('BYTES rejects non-string items', async () => {
    const rt = runtime();
    await expect(rt.infer('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['a', 3] as never }] })).rejects.toMatchObject({
      name: 'InvalidRequestError',
      path: 'inputs[0].data[1]',
    });
  });
});

describe('run queue', () => {
  it('never runs more than maxConcurrentRuns at once, and serves everyone', async () => {
    const { loader, stats } = countingLoader(10);
    const rt = runtime({ loader, maxConcurrentRuns: 2 });
    await rt.get('mlp');
    const res = await Promise.all(Array.from({ length: 9 }, (_, i) => rt.infer('mlp', mlp(1, Float32Array.of(i, 0, 0, 0)))));
    expect(res).toHaveLength(9);
    expect(stats.maxInflight).toBe(2);
  });

  it('defaults to one run at a time inline', async () => {
    const { loader, stats } = countingLoader(5);
    const rt = runtime({ loader });
    await Promise.all(Array.from({ length: 5 }, () => rt.infer('mlp', mlp())));
    expect(stats.maxInflight).toBe(1);
  });

  it('a queued call leaves on abort (AbortError) or after timeoutMs (TimeoutError) without running', async () => {
    const { loader, stats } = countingLoader(100);
    const rt = runtime({ loader });
    await rt.get('mlp');
    const first = rt.infer('mlp', mlp());
    const ac = new AbortController();
    const aborted = rt.infer('mlp', mlp(), { signal: ac.signal });
    const timed = rt.infer('mlp', mlp(), { timeoutMs: 20 });
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(timed).rejects.toBeInstanceOf(TimeoutError);
    await first;
    expect(stats.runs).toBe(1);
    await expect(rt.infer('mlp', mlp(), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });
});

describe('option checks', () => {
  // Regression (audit6): `execution` was not checked (a typo such as 'workers' silently ran inline),
  // and counts were clamped with Math.max/Math.floor, which let NaN through (maxConcurrentRuns: NaN
  // made every queued infer() wait forever).
  it.each<[string, unknown]>([
    ['backend', 'wasm'],
    ['execution', 'workers'],
    ['threads', Number.NaN],
    ['threads', 0],
    ['threads', Infinity],
    ['workers', Number.NaN],
    ['workers', -1],
    ['maxConcurrentRuns', Number.NaN],
    ['maxConcurrentRuns', 0],
    ['maxConcurrentRuns', '2'],
  ])('createOnnxRuntime({ %s: %s }) throws InvalidRequestError naming the option', (name, value) => {
    let err: unknown;
    try {
      createOnnxRuntime({ modelRepository: MODELS_DIR, [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(name);
    expect((err as InvalidRequestError).message).toContain(name);
  });

  it('accepts fractional counts (rounded down) and maxConcurrentRuns: Infinity', async () => {
    const { loader, stats } = countingLoader(20);
    const rt = runtime({ loader, threads: 1.5, maxConcurrentRuns: Infinity });
    await rt.get('mlp');
    await Promise.all(Array.from({ length: 3 }, () => rt.infer('mlp', mlp())));
    expect(stats.maxInflight).toBe(3);
  });

  // Regression (audit6): the per-call timeoutMs reached AbortSignal.timeout() unchecked, so values the
  // remote client accepts (Infinity = no deadline, fractional ms) threw a raw RangeError once a run queued.
  it.each([[Number.POSITIVE_INFINITY], [2 ** 31], [2500.5]])('a queued call with timeoutMs %s waits for its slot and runs', async (timeoutMs) => {
    const { loader, stats } = countingLoader(50);
    const rt = runtime({ loader });
    await rt.get('mlp');
    const results = await Promise.allSettled([rt.infer('mlp', mlp()), rt.infer('mlp', mlp(), { timeoutMs })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(stats.runs).toBe(2);
  });

  it.each([[Number.NaN], [-1], ['100']])('timeoutMs %s is refused with InvalidRequestError before anything runs', async (timeoutMs) => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    await rt.get('mlp');
    const err = await rt.infer('mlp', mlp(), { timeoutMs: timeoutMs as number }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('timeoutMs');
    expect(stats.runs).toBe(0);
  });
});

describe('OIP interfaces', () => {
  it('implements OipTarget (flat) and the grouped models/deployments/inference views', async () => {
    const rt = runtime();
    const target: OipTarget = rt;
    expect(await target.ready('mlp')).toBe(true);
    expect((await rt.models.get('mlp')).inputs[0]!.shape).toEqual([-1, 4]);
    await rt.deployments.load('two_io');
    expect((await rt.deployments.list()).filter((e) => e.state === 'READY').map((e) => e.name)).toEqual(['mlp', 'two_io']);
    const res = await rt.inference.infer('mlp', mlp(2));
    expect(res.outputs[0]!.shape).toEqual([2, 3]);
    expect(Object.isFrozen(rt)).toBe(true);
  });

  it('load() warms the session up with one run on zeros', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    await rt.load('strings');
    expect(stats.runs).toBe(1);
    const cold = runtime({ loader, warmup: false });
    await cold.load('mlp');
    expect(stats.runs).toBe(1);
  });

  it('hands typed arrays to ORT and back without copying (inline)', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const x = BigInt64Array.of(1n, 2n);
    const res = await rt.infer('int64', { inputs: [{ name: 'x', datatype: 'INT64', shape: [2], data: x }] });
    expect(stats.lastFeeds!.x!.data).toBe(x); // the caller's array itself
    expect(res.outputs[0]!.data).toBe(stats.lastResults!.y!.data); // ORT's output array itself
    expect(x.length).toBe(2); // inline never detaches
  });
});
