/**
 * Request checks of the local runtime at their edges (src/onnx/tensors.ts toFeeds, through
 * `infer`): malformed requests are refused with an InvalidRequestError whose `path` and message say
 * what is wrong (never a raw TypeError), before ONNX Runtime runs; a zero-sized batch is valid; an
 * empty `outputs` list means every output (docs/onnx.md, "Tensors and datatypes").
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs } from '../core/_support.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();

const x = (batch = 1): InferenceRequest['inputs'][number] => ({ name: 'x', datatype: 'FP32', shape: [batch, 4], data: new Float32Array(batch * 4) });
const a = (): InferenceRequest['inputs'][number] => ({ name: 'a', datatype: 'FP32', shape: [1, 2], data: Float32Array.of(1, 2) });
const b = (): InferenceRequest['inputs'][number] => ({ name: 'b', datatype: 'INT32', shape: [1, 2], data: Int32Array.of(0, 5) });

/** Runs `request` on `model` and returns the InvalidRequestError it must be refused with; nothing may reach ORT. */
async function refused(model: string, request: unknown): Promise<InvalidRequestError> {
  const { loader, stats } = countingLoader();
  const rt = runtime({ loader });
  const err = await rejectionAs(rt.infer(model, request as InferenceRequest), InvalidRequestError);
  expect(stats.runs).toBe(0);
  return err;
}

describe('onnx: malformed requests are refused with a path, not a TypeError', () => {
  it.each<[string, unknown]>([
    ['no request at all', undefined],
    ['no inputs array', {}],
    ['inputs that is not an array', { inputs: { x: new Float32Array(4) } }],
  ])('%s: path inputs', async (_label, request) => {
    const err = await refused('mlp', request);
    expect(err.path).toBe('inputs');
    expect(err.message).toMatch(/inputs must be an array/);
  });

  it('a null input entry: path inputs[0], whether first or after a valid input (as on the remote client)', async () => {
    expect((await refused('mlp', { inputs: [null] })).path).toBe('inputs[0]');
    expect((await refused('mlp', { inputs: [x(), null] })).path).toBe('inputs[1]');
    expect((await refused('mlp', { inputs: [x(), 'x'] })).message).toMatch(/inputs\[1\] must be a tensor object/);
  });

  it('an input without a shape array: path inputs[0].shape', async () => {
    const err = await refused('mlp', { inputs: [{ name: 'x', datatype: 'FP32', data: new Float32Array(4) }] });
    expect(err.path).toBe('inputs[0].shape');
    expect(err.message).toMatch(/shape must be an array/);
  });

  it('BYTES data that is not an array (one Uint8Array for the whole tensor): path inputs[0].data', async () => {
    const err = await refused('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: Uint8Array.of(0x61, 0x62) }] });
    expect(err.path).toBe('inputs[0].data');
    expect(err.message).toMatch(/BYTES data must be string\[\] or Uint8Array\[\]/);
  });

  it('a null or nameless requested output: path outputs (as on the remote client)', async () => {
    expect((await refused('mlp', { inputs: [x()], outputs: [null] })).path).toBe('outputs');
    const err = await refused('mlp', { inputs: [x()], outputs: [{ name: 'probs' }, { name: '' }] });
    expect(err.path).toBe('outputs');
    expect(err.message).toMatch(/non-empty names/);
  });
});

describe('onnx: what the refusal names', () => {
  it('an unknown input or output lists every name the model has', async () => {
    expect((await refused('two_io', { inputs: [a(), b(), { ...a(), name: 'c' }] })).message).toMatch(/no input named "c" \(inputs: a, b\)/);
    expect((await refused('two_io', { inputs: [a(), b()], outputs: [{ name: 'diff' }] })).message).toMatch(/no output named "diff" \(outputs: sum, gt\)/);
  });

  it('a missing input is the one the request lacks, with its datatype and shape (not the first model input)', async () => {
    const err = await refused('two_io', { inputs: [a()] });
    expect(err.path).toBe('inputs');
    expect(err.message).toMatch(/needs input "b" \(INT32 \[-1,2\]\)/);
  });

  it('a rank or dimension mismatch shows the request shape and the model shape', async () => {
    expect((await refused('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1, 4], data: new Float32Array(4) }] })).message).toMatch(
      /shape \[1,1,4\] has rank 3; the model expects \[-1,4\]/,
    );
    expect((await refused('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 5], data: new Float32Array(5) }] })).message).toMatch(
      /shape \[1,5\] does not fit the model's \[-1,4\] at dimension 1/,
    );
  });

  it('a BYTES item of the wrong kind is called that, and bytes that are not UTF-8 are called that', async () => {
    const wrongKind = await refused('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['a', 3] }] });
    expect(wrongKind.path).toBe('inputs[0].data[1]');
    expect(wrongKind.message).toMatch(/inputs\[0\]\.data\[1\] must be a string or a Uint8Array/);
    const notUtf8 = await refused('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['a', Uint8Array.of(0xc3)] }] });
    expect(notUtf8.path).toBe('inputs[0].data[1]');
    expect(notUtf8.message).toMatch(/inputs\[0\]\.data\[1\] is not valid UTF-8/);
  });
});

describe('onnx: requests at the edges that are valid', () => {
  it('a zero-sized batch (shape [0, 4], no data) runs and gives a [0, 3] output', async () => {
    const rt = runtime();
    const res = await rt.infer('mlp', { inputs: [x(0)] });
    expect(res.outputs).toHaveLength(1);
    expect(res.outputs[0]!.shape).toEqual([0, 3]);
    expect(res.outputs[0]!.data).toHaveLength(0);
  });

  it('an empty outputs list means every output, in model order', async () => {
    const rt = runtime();
    const res = await rt.infer('two_io', { inputs: [a(), b()], outputs: [] });
    expect(res.outputs.map((o) => o.name)).toEqual(['sum', 'gt']);
    expect(Array.from(res.outputs[0]!.data as Float32Array)).toEqual([1, 7]);
    expect(Array.from(res.outputs[1]!.data as Uint8Array)).toEqual([1, 0]);
  });
});
