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
import type { OnnxRuntime } from '../../src/onnx/index.js';
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
});
