/**
 * What the local runtime does with models and outputs OIP cannot describe (src/onnx/tensors.ts
 * readMetadata / toOutputs, and the public datatypeOf / ortTypeOf): an onnxruntime without session
 * metadata (< 1.22), a value that is not a tensor, an element type OIP cannot carry, an output ORT did
 * not return. Each is a LocalModelError naming the model and the value, never a TypeError.
 */
import { describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { datatypeOf, ortTypeOf, type OrtLoader } from '../../src/onnx/index.js';
import { readMetadata, toOutputs, type ValueMetadataLike } from '../../src/onnx/tensors.js';
import type { Datatype } from '../../src/oip/types.js';
import { rejectionAs, thrownBy } from '../core/_support.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();

/** What `fn` throws (undefined when it returns). */
const PAIRS: Array<[Datatype, string]> = [
  ['BOOL', 'bool'],
  ['UINT8', 'uint8'],
  ['UINT16', 'uint16'],
  ['UINT32', 'uint32'],
  ['UINT64', 'uint64'],
  ['INT8', 'int8'],
  ['INT16', 'int16'],
  ['INT32', 'int32'],
  ['INT64', 'int64'],
  ['FP16', 'float16'],
  ['FP32', 'float32'],
  ['FP64', 'float64'],
  ['BYTES', 'string'],
];

describe('onnx: datatypeOf / ortTypeOf (the table in docs/onnx.md)', () => {
  it.each(PAIRS)('%s <-> %s', (datatype, ortType) => {
    expect(ortTypeOf(datatype)).toBe(ortType);
    expect(datatypeOf(ortType)).toBe(datatype);
  });

  it('ORT types OIP cannot carry have no datatype', () => {
    for (const t of ['int4', 'uint4', 'float8e4m3fn', 'bfloat16', '']) expect(datatypeOf(t)).toBeUndefined();
  });
});

/** The real onnxruntime-node, with sessions that look like onnxruntime < 1.22 (no inputMetadata/outputMetadata); counts releases. */
function oldOrtLoader(): { loader: OrtLoader; released: () => number } {
  let releases = 0;
  const loader: OrtLoader = async () => {
    const ort = await import('onnxruntime-node');
    const create = async (...args: unknown[]) => {
      const s = await (ort.InferenceSession.create as (...a: unknown[]) => Promise<import('onnxruntime-node').InferenceSession>)(...args);
      return {
        inputNames: s.inputNames,
        outputNames: s.outputNames,
        run: (...a: unknown[]) => (s.run as (...b: unknown[]) => Promise<unknown>)(...a),
        release: async () => {
          releases++;
          await s.release();
        },
      };
    };
    return { InferenceSession: { create }, Tensor: ort.Tensor, env: ort.env };
  };
  return { loader, released: () => releases };
}

describe('onnx: sessions whose metadata OIP cannot use', () => {
  it('an onnxruntime without session metadata: LocalModelError that asks for >= 1.22, and the session is released', async () => {
    const { loader, released } = oldOrtLoader();
    const rt = runtime({ loader });
    const err = await rejectionAs(rt.get('mlp'), LocalModelError);
    expect(err.message).toMatch(/onnxruntime >= 1\.22/);
    expect(err.model).toBe('mlp');
    expect(released()).toBe(1);
    expect(await rt.ready('mlp')).toBe(false);
  });

  // Worker replies are plain objects of this shape (ValueMetadataLike), so these are read the same way.
  const session = (input: ValueMetadataLike) => ({ inputNames: ['x'], outputNames: ['y'], inputMetadata: [input], outputMetadata: [{ name: 'y', isTensor: true, type: 'float32', shape: [1] }] });

  it('a value that is not a tensor (a sequence or map) is refused, naming it', () => {
    const err = thrownBy(() => readMetadata(session({ name: 'x', isTensor: false }), 'seq'));
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).model).toBe('seq');
    expect((err as Error).message).toMatch(/"x" is not a tensor/);
  });

  it.each([['int4'], ['bfloat16'], [undefined]])('a tensor of type %s is refused, naming the tensor', (type) => {
    const err = thrownBy(() => readMetadata(session({ name: 'x', isTensor: true, type, shape: [2] }), 'odd'));
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).model).toBe('odd');
    expect((err as Error).message).toMatch(/tensor "x" has type .*which OIP cannot carry/);
  });

  it('a tensor without a shape reads as [] (unknown rank); symbolic and unnamed dims read as -1', () => {
    expect(readMetadata(session({ name: 'x', isTensor: true, type: 'float32' }), 'm').inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [] }]);
    expect(readMetadata(session({ name: 'x', isTensor: true, type: 'int64', shape: ['batch', '', 3] }), 'm').inputs[0]!.shape).toEqual([-1, -1, 3]);
  });
});

describe('onnx: outputs OIP cannot return', () => {
  const ok = { type: 'float32', dims: [1], data: Float32Array.of(1) };

  it('an output missing from the result is a LocalModelError naming it', () => {
    const err = thrownBy(() => toOutputs({ y: ok }, 'm', ['y', 'z']));
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).model).toBe('m');
    expect((err as Error).message).toMatch(/no output "z"/);
  });

  it('an output of a type OIP cannot carry is a LocalModelError naming it and the type', () => {
    const err = thrownBy(() => toOutputs([{ name: 'q', type: 'int4', dims: [2], data: new Uint8Array(1) }], 'm'));
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).model).toBe('m');
    expect((err as Error).message).toMatch(/output "q" has type int4/);
  });
});
