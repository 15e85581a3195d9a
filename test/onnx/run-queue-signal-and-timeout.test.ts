/**
 * A queued local run with both a `signal` and a `timeoutMs` (src/onnx/runtime.ts waitForSlot): the
 * deadline still applies (TimeoutError naming the wait, rounded-up ms and the operation), and a
 * caller's abort is an AbortError, not a TimeoutError. Neither runs the model.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs, rejectionOf } from '../core/_support.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

describe('onnx: a queued call with both signal and timeoutMs', () => {
  it('times out with TimeoutError (timeoutMs rounded up, operation onnx.infer) while its signal stays quiet', async () => {
    const { loader, stats } = countingLoader(300);
    const rt = runtime({ loader });
    await rt.get('mlp');
    const first = rt.infer('mlp', mlp());
    const ac = new AbortController();
    const err = await rejectionAs(rt.infer('mlp', mlp(), { signal: ac.signal, timeoutMs: 10.2 }), TimeoutError);
    expect(err.timeoutMs).toBe(11);
    expect(err.operation).toBe('onnx.infer');
    expect(err.message).toMatch(/waited longer than 11 ms for a free slot/);
    await first;
    expect(stats.runs).toBe(1);
  });

  it('rejects with AbortError when the caller aborts before the deadline', async () => {
    const { loader, stats } = countingLoader(300);
    const rt = runtime({ loader });
    await rt.get('mlp');
    const first = rt.infer('mlp', mlp());
    const ac = new AbortController();
    const queued = rt.infer('mlp', mlp(), { signal: ac.signal, timeoutMs: 60_000 });
    ac.abort();
    const err = await rejectionOf(queued);
    expect(err).toBeInstanceOf(AbortError);
    expect(err).not.toBeInstanceOf(TimeoutError);
    await first;
    expect(stats.runs).toBe(1);
  });
});

