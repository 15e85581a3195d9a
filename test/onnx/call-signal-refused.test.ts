/**
 * A per-call `signal` that is no AbortSignal (a plain object, a string) failed the local runtime's
 * calls with a bare TypeError (`signal.addEventListener is not a function`, `Invalid value used as
 * weak map key`), or was ignored when nothing had to wait; the remote OIP client (the core's call
 * context) refuses it with InvalidRequestError (path `signal`), and so does the local runtime now.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs } from '../core/_support.js';
import { bad } from '../core/_misuse.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

describe('onnx: a per-call signal that is no AbortSignal', () => {
  it.each([
    ['a plain object', {}],
    ['a string', 'abort'],
  ])('%s is refused with InvalidRequestError (path signal) by every call, before anything runs', async (_, signal) => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader, warmup: false });
    const options = bad({ signal });
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['onnx.infer', () => rt.infer('mlp', mlp(), options)],
      ['onnx.get', () => rt.get('mlp', options)],
      ['onnx.ready', () => rt.ready('mlp', options)],
      ['onnx.list', () => rt.list(options)],
      ['onnx.load', () => rt.load('mlp', options)],
      ['onnx.unload', () => rt.unload('mlp', options)],
    ];
    for (const [operation, call] of calls) {
      const err = await rejectionAs(call(), InvalidRequestError);
      expect(err.path).toBe('signal');
      expect(err.operation).toBe(operation);
      expect(err.message).toContain('signal must be an AbortSignal');
    }
    expect(stats.creates).toBe(0);
    // with the session made and a run slot free (no wait to race it against) it is refused too, not ignored
    await rt.infer('mlp', mlp());
    const runs = stats.runs;
    expect((await rejectionAs(rt.infer('mlp', mlp(), options), InvalidRequestError)).path).toBe('signal');
    expect(stats.runs).toBe(runs);
  });

  it('null reads as no signal, as in the core', async () => {
    const rt = runtime({ warmup: false });
    const res = await rt.infer('mlp', mlp(), bad({ signal: null }));
    expect(res.outputs[0]?.data).toBeInstanceOf(Float32Array);
  });
});
