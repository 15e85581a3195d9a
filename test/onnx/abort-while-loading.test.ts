/**
 * An abort while the session is still being created (src/onnx/runtime.ts infer): the call ends at
 * once with AbortError, as the remote client's does, and the creation goes on for later calls.
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import type { OrtLoader } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionOf, within } from '../core/_support.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

/** The real onnxruntime-node, whose session creation waits until `open()` is called. */
function gatedLoader(): { loader: OrtLoader; open(): void; creates(): number } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let creates = 0;
  const loader: OrtLoader = async () => {
    const ort = await import('onnxruntime-node');
    const create = async (...args: unknown[]) => {
      creates++;
      await gate;
      return (ort.InferenceSession.create as (...a: unknown[]) => Promise<unknown>)(...args);
    };
    return { InferenceSession: { create }, Tensor: ort.Tensor, env: ort.env };
  };
  return { loader, open: () => open(), creates: () => creates };
}

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
      while (gated.creates() === 0) await new Promise((r) => setTimeout(r, 5)); // the creation has started
      ac.abort();
      expect(await within(rejectionOf(call), 5_000, 'aborted call')).toBeInstanceOf(AbortError);
    } finally {
      gated.open();
    }
    const res = await rt.infer('mlp', mlp());
    expect(res.outputs[0]!.shape).toEqual([1, 3]);
    expect(gated.creates()).toBe(1);
  });
});
