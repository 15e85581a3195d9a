/**
 * docs/onnx.md (Tensors and datatypes): FP16 data is a "Uint16Array of raw IEEE-754 half bits", in and
 * out, and OutputArrayMap['FP16'] is Uint16Array. onnxruntime-common maps float16 to
 * `globalThis.Float16Array` whenever one exists (tensor-impl-type-mapping.js checkTypedArray; the
 * Tensor constructor re-views a Uint16Array as Float16Array, tensor-impl.js), and the runtime returns
 * ORT's output arrays as they are. Node 24+ ships Float16Array, so there an FP16 output is a
 * Float16Array of float *values* (0x3e00 comes back as 1.5, not 15872): the type lies and code that
 * decodes the documented half bits (fp16ToFp32) gets garbage. Node 20 has no Float16Array: the test
 * stands one in (a Uint16Array subclass named Float16Array, installed before ORT's first tensor, which
 * is when ORT looks) to show the runtime passes ORT's Float16Array through instead of the documented
 * plain Uint16Array. Expected: FP16 outputs re-viewed as a plain Uint16Array (no copy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceRequest } from '../../src/oip/types.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const g = globalThis as { Float16Array?: unknown };
const had = 'Float16Array' in g;

beforeAll(() => {
  if (!had) g.Float16Array = class Float16Array extends Uint16Array {};
});
afterAll(() => {
  if (!had) delete g.Float16Array;
});

function dtypesRequest(): InferenceRequest {
  return {
    inputs: [
      { name: 'in_fp16', datatype: 'FP16', shape: [2], data: Uint16Array.of(0x3e00, 0xc000) },
      { name: 'in_fp32', datatype: 'FP32', shape: [2], data: new Float32Array(2) },
      { name: 'in_fp64', datatype: 'FP64', shape: [2], data: new Float64Array(2) },
      { name: 'in_uint8', datatype: 'UINT8', shape: [2], data: new Uint8Array(2) },
      { name: 'in_uint16', datatype: 'UINT16', shape: [2], data: new Uint16Array(2) },
      { name: 'in_uint32', datatype: 'UINT32', shape: [2], data: new Uint32Array(2) },
      { name: 'in_uint64', datatype: 'UINT64', shape: [2], data: new BigUint64Array(2) },
      { name: 'in_int8', datatype: 'INT8', shape: [2], data: new Int8Array(2) },
      { name: 'in_int16', datatype: 'INT16', shape: [2], data: new Int16Array(2) },
      { name: 'in_int32', datatype: 'INT32', shape: [2], data: new Int32Array(2) },
      { name: 'in_int64', datatype: 'INT64', shape: [2], data: new BigInt64Array(2) },
      { name: 'in_string', datatype: 'BYTES', shape: [2], data: ['', ''] },
      { name: 'in_bool', datatype: 'BOOL', shape: [2], data: new Uint8Array(2) },
    ],
    outputs: [{ name: 'out_fp16' }],
  };
}

describe('onnx: FP16 outputs where a global Float16Array exists (Node 24+)', () => {
  it('inline: out_fp16 is a plain Uint16Array of the half bits, not ORT\'s Float16Array', async () => {
    const rt = runtime();
    const res = await rt.infer('dtypes', dtypesRequest());
    const out = res.outputs[0]!;
    expect(out.datatype).toBe('FP16');
    expect(Object.getPrototypeOf(out.data)).toBe(Uint16Array.prototype); // before the fix: the global Float16Array's prototype
    expect(Array.from(out.data as Uint16Array)).toEqual([0x3e00, 0xc000]);
  });
});
