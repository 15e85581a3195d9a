/**
 * Every operation of the local runtime honours the caller's `signal` and one `timeoutMs`
 * (DESIGN.md, "Behaviour every operation has"; src/onnx/call.ts, runtime.ts): `get`, `ready` and
 * `load` end at once with AbortError / TimeoutError while the model's session is being created;
 * the creation goes on, its session is cached and released by `dispose` (nothing leaks). `infer`'s
 * deadline covers the session creation as well as the run queue, and `list` / `unload` stop on
 * an aborted signal too. Uses the real onnxruntime-node, its session creation held by a gate.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/core/errors.js';
import type { OnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs, within } from '../core/_support.js';
import { countingLoader, creationStarted, gatedLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

type ModelCall = (rt: OnnxRuntime, options: { signal?: AbortSignal; timeoutMs?: number }) => Promise<unknown>;
const CALLS: Array<[string, ModelCall]> = [
  ['onnx.get', (rt, o) => rt.get('mlp', o)],
  ['onnx.ready', (rt, o) => rt.ready('mlp', o)],
  ['onnx.load', (rt, o) => rt.load('mlp', o)],
  ['onnx.infer', (rt, o) => rt.infer('mlp', mlp(), o)],
];

describe('onnx: get / ready / load / infer while the session is being created', () => {
  // get, ready and load took no notice of their options: an abort or a deadline left the call
  // pending for the whole creation (seconds for a large model), or for ever if it never ended
  it.each(CALLS)('%s: an abort ends the call at once with AbortError; the session is cached, then released by dispose', async (operation, call) => {
    const gated = gatedLoader();
    const rt = runtime({ loader: gated.loader, warmup: false });
    const ac = new AbortController();
    const pending = call(rt, { signal: ac.signal });
    try {
      await creationStarted(gated.stats);
      ac.abort();
      const err = await within(rejectionAs(pending, AbortError), 5_000, `${operation} after the abort`);
      expect(err.operation).toBe(operation);
    } finally {
      gated.open();
    }
    expect(await rt.ready('mlp')).toBe(true); // the creation went on: the same session, not a second one
    expect((await rt.list()).find((e) => e.name === 'mlp')?.state).toBe('READY');
    expect(gated.stats.creates).toBe(1);
    expect(gated.stats.runs).toBe(0); // nothing ran for the aborted call (load's warm-up included)
    await rt.dispose();
    expect(gated.stats.releases).toBe(1);
  });

  it.each(CALLS)('%s: timeoutMs bounds the wait for the session (TimeoutError, rounded-up ms, the operation)', async (operation, call) => {
    const gated = gatedLoader();
    const rt = runtime({ loader: gated.loader, warmup: false });
    try {
      const err = await within(rejectionAs(call(rt, { timeoutMs: 20.5 }), TimeoutError), 5_000, `${operation} past its deadline`);
      expect(err.operation).toBe(operation);
      expect(err.timeoutMs).toBe(21);
      expect(err.message).toMatch(/21 ms/);
    } finally {
      gated.open();
    }
    await rt.dispose();
    expect(gated.stats.releases).toBe(gated.stats.creates);
  });

  it('a dispose while an aborted load still creates its session releases that session', async () => {
    const gated = gatedLoader();
    const rt = runtime({ loader: gated.loader });
    const ac = new AbortController();
    const pending = rt.load('mlp', { signal: ac.signal });
    await creationStarted(gated.stats);
    ac.abort();
    try {
      await within(rejectionAs(pending, AbortError), 5_000, 'load after the abort');
    } catch (e) {
      gated.open();
      throw e;
    }
    const disposed = rt.dispose();
    gated.open();
    await disposed;
    expect(gated.stats.creates).toBe(1);
    expect(gated.stats.releases).toBe(1);
  });
});

describe('onnx: already-aborted signals and the other calls', () => {
  it.each<[string, (rt: OnnxRuntime, signal: AbortSignal) => Promise<unknown>]>([
    ['onnx.get', (rt, signal) => rt.get('mlp', { signal })],
    ['onnx.ready', (rt, signal) => rt.ready('mlp', { signal })],
    ['onnx.load', (rt, signal) => rt.load('mlp', { signal })],
    ['onnx.list', (rt, signal) => rt.list({ signal })],
    ['onnx.unload', (rt, signal) => rt.unload('mlp', { signal })],
  ])('%s with an aborted signal rejects with AbortError and creates nothing', async (operation, call) => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader });
    const err = await rejectionAs(call(rt, AbortSignal.abort()), AbortError);
    expect(err.operation).toBe(operation);
    expect(stats.creates).toBe(0);
  });

  it.each(CALLS)('%s with timeoutMs 0 rejects with TimeoutError at once, as in the core, even with the session ready', async (operation, call) => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader, warmup: false });
    await rt.get('mlp');
    const err = await rejectionAs(call(rt, { timeoutMs: 0 }), TimeoutError);
    expect(err.operation).toBe(operation);
    expect(err.timeoutMs).toBe(0);
    expect(stats.runs).toBe(0);
  });

  it('unload: an abort ends the wait for in-flight runs; the session is still released when they end', async () => {
    const { loader, stats } = countingLoader(300);
    const rt = runtime({ loader, warmup: false });
    await rt.get('mlp');
    const run = rt.infer('mlp', mlp());
    const ac = new AbortController();
    const unloading = rt.unload('mlp', { signal: ac.signal });
    ac.abort();
    await within(rejectionAs(unloading, AbortError), 5_000, 'unload after the abort');
    expect(stats.releases).toBe(0); // the run is still going
    await run;
    await rt.unload('mlp'); // resolves once the release under way is done
    expect(stats.releases).toBe(1);
  });

  it.each([['onnx.get'], ['onnx.list']])('%s: a timeoutMs that is not a number ≥ 0 is refused with InvalidRequestError', async (operation) => {
    const rt = runtime();
    const call = operation === 'onnx.get' ? rt.get('mlp', { timeoutMs: -1 }) : rt.list({ timeoutMs: Number.NaN });
    const err = await call.then(
      () => undefined,
      (e: unknown) => e as { path?: string; operation?: string; name?: string },
    );
    expect(err?.name).toBe('InvalidRequestError');
    expect(err?.path).toBe('timeoutMs');
    expect(err?.operation).toBe(operation);
  });
});
