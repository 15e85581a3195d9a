/**
 * A `request.outputs` that is no array (an object, a number) was read by the local runtime as
 * "every output" and the model ran; the remote OIP client refuses it before sending (path
 * `outputs`), and so does the local runtime now, so one request behaves alike on both sides of
 * withFallback. `null` is refused too, as there (it used to mean every output); none (undefined)
 * means every output.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs } from '../core/_support.js';
import { bad } from '../core/_misuse.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const twoIo = (): InferenceRequest => ({
  inputs: [
    { name: 'a', datatype: 'FP32', shape: [1, 2], data: Float32Array.of(1, 2) },
    { name: 'b', datatype: 'INT32', shape: [1, 2], data: Int32Array.of(0, 5) },
  ],
});
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }] });

describe('onnx: request.outputs that is no array', () => {
  it.each([
    ['an object', { name: 'probs' }],
    ['a number', 1],
    ['null', null],
  ])('%s is refused with InvalidRequestError (path outputs) before the model runs', async (_, outputs) => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader, warmup: false });
    const err = await rejectionAs(rt.infer('mlp', bad({ ...mlp(), outputs })), InvalidRequestError);
    expect(err.path).toBe('outputs');
    expect(stats.runs).toBe(0);
  });

  it('an array of names still limits the outputs; none (undefined) or an empty array means every one', async () => {
    const rt = runtime({ warmup: false });
    expect((await rt.infer('two_io', { ...twoIo(), outputs: [{ name: 'gt' }] })).outputs.map((o) => o.name)).toEqual(['gt']);
    expect((await rt.infer('two_io', { ...twoIo(), outputs: undefined })).outputs.map((o) => o.name)).toEqual(['sum', 'gt']);
    expect((await rt.infer('two_io', { ...twoIo(), outputs: [] })).outputs.map((o) => o.name)).toEqual(['sum', 'gt']);
  });
});
