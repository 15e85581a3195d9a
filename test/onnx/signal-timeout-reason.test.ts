/**
 * A caller's signal that aborts with a timeout reason (`signal: AbortSignal.timeout(ms)`, or any
 * abort whose reason is named TimeoutError) ends a remote call with TimeoutError (the core's
 * abortReason, docs/core.md), but ended a local runtime call with AbortError, so code that tells a
 * timeout from a cancel saw the two fallback targets disagree. The local runtime now reads the
 * signal's reason as the core does: a timeout reason gives TimeoutError (timeoutMs undefined, the
 * reason as cause), a ModelwireError reason is thrown as it is, anything else is AbortError.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, TimeoutError } from '../../src/core/errors.js';
import type { InferenceSession } from 'onnxruntime-common';
import type { OnnxRuntime, OrtLoader } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs, within } from '../core/_support.js';
import { creationStarted, gatedLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });
const timeoutReason = () => new DOMException('The operation timed out.', 'TimeoutError');

type Call = (rt: OnnxRuntime, options: { signal?: AbortSignal; timeoutMs?: number }) => Promise<unknown>;
const CALLS: Array<[string, Call]> = [
  ['onnx.get', (rt, o) => rt.get('mlp', o)],
  ['onnx.load', (rt, o) => rt.load('mlp', o)],
  ['onnx.infer', (rt, o) => rt.infer('mlp', mlp(), o)],
];

describe('onnx: the reason of the caller\'s abort', () => {
  it.each(CALLS)('%s: a signal already aborted with a timeout reason rejects with TimeoutError before anything is created', async (operation, call) => {
    const gated = gatedLoader();
    const rt = runtime({ loader: gated.loader, warmup: false });
    const reason = timeoutReason();
    const err = await rejectionAs(call(rt, { signal: AbortSignal.abort(reason) }), TimeoutError);
    expect(err.operation).toBe(operation);
    expect(err.timeoutMs).toBeUndefined();
    expect(err.cause).toBe(reason);
    expect(gated.stats.creates).toBe(0);
    gated.open();
  });

  it.each(CALLS)('%s: a timeout reason during the wait for the session gives TimeoutError, with or without a deadline of its own', async (operation, call) => {
    for (const timeoutMs of [undefined, 60_000]) {
      const gated = gatedLoader();
      const rt = runtime({ loader: gated.loader, warmup: false });
      const ac = new AbortController();
      const pending = call(rt, { signal: ac.signal, timeoutMs });
      try {
        await creationStarted(gated.stats);
        const reason = timeoutReason();
        ac.abort(reason);
        const err = await within(rejectionAs(pending, TimeoutError), 5_000, `${operation} after the abort`);
        expect(err.operation).toBe(operation);
        expect(err.timeoutMs).toBeUndefined();
        expect(err.cause).toBe(reason);
      } finally {
        gated.open();
      }
      await rt.dispose();
    }
  });

  it('a plain abort still gives AbortError (its reason as cause), and a ModelwireError reason is thrown as it is', async () => {
    const gated = gatedLoader();
    const rt = runtime({ loader: gated.loader, warmup: false });
    try {
      const plain = await rejectionAs(rt.get('mlp', { signal: AbortSignal.abort() }), AbortError);
      expect(plain.operation).toBe('onnx.get');
      const own = new ConnectionError('gone', { requestMayHaveReachedServer: false });
      const ac = new AbortController();
      const pending = rt.infer('mlp', mlp(), { signal: ac.signal });
      await creationStarted(gated.stats);
      ac.abort(own);
      expect(await within(pending.catch((e: unknown) => e), 5_000, 'infer after the abort')).toBe(own);
    } finally {
      gated.open();
    }
  });

  it('load: an abort with a ModelwireError reason during its warm-up run\'s wait ends the call with that error, not ignored as a failed warm-up', async () => {
    // docs/onnx.md: "load ends with the error when the deadline passes or the signal aborts during its
    // warm-up run's wait"; a ModelwireError reason (thrown as it is) was taken for a warm-up that failed
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let runs = 0;
    const loader: OrtLoader = async () => {
      const ort = await import('onnxruntime-node');
      const create = async (...args: unknown[]) => {
        const s = await (ort.InferenceSession.create as (...a: unknown[]) => Promise<InferenceSession>)(...args);
        return new Proxy(s, {
          get: (target, key) =>
            key === 'run'
              ? async (...a: unknown[]) => {
                  if (++runs === 1) await held; // the first run holds the only run slot until released
                  return (target.run as (...b: unknown[]) => Promise<unknown>)(...a);
                }
              : (Reflect.get(target, key, target) as unknown),
        });
      };
      return { InferenceSession: { create }, Tensor: ort.Tensor, env: ort.env };
    };
    const rt = runtime({ loader }); // inline: one run at a time
    const holding = rt.infer('mlp', mlp());
    while (runs === 0) await new Promise((r) => setTimeout(r, 5));
    try {
      const own = new ConnectionError('gone', { requestMayHaveReachedServer: false });
      const ac = new AbortController();
      const loading = rt.load('mlp', { signal: ac.signal }); // the session exists: the warm-up waits for the slot
      await new Promise((r) => setTimeout(r, 20));
      ac.abort(own);
      expect(await within(loading.then(() => 'resolved', (e: unknown) => e), 5_000, 'load after the abort')).toBe(own);
    } finally {
      release();
    }
    await holding;
    expect(runs).toBe(1); // the warm-up never ran
  });
});
