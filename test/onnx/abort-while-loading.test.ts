/**
 * An abort while the session is still being created (src/onnx/runtime.ts infer): the call ends at
 * once with AbortError, as the remote client's does, and the creation goes on for later calls.
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionOf, within } from '../core/_support.js';
import { creationStarted, gatedLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

describe('onnx: abort while the session is being created', () => {
  // DESIGN.md: "An AbortSignal cancels everything"; docs/onnx.md: AbortError when the signal aborted
  // "before the run started, including while the session was still being created". The call only
  // looked at the signal once the session existed, so it stayed pending for the whole creation
  // (0.3–0.9 s on the web backend, seconds for a large model), or for ever if it never finished.
  it('rejects with AbortError without waiting for the creation, which goes on and is cached', async () => {
    const gated = gatedLoader();
    const rt = runtime({ loader: gated.loader, warmup: false });
    const ac = new AbortController();
    const call = rt.infer('mlp', mlp(), { signal: ac.signal });
    try {
      await creationStarted(gated.stats);
      ac.abort();
      expect(await within(rejectionOf(call), 5_000, 'aborted call')).toBeInstanceOf(AbortError);
    } finally {
      gated.open();
    }
    const res = await rt.infer('mlp', mlp());
    expect(res.outputs[0]!.shape).toEqual([1, 3]);
    expect(gated.stats.creates).toBe(1);
  });
});
