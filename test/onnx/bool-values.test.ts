/**
 * docs/onnx.md / docs/oip.md: BOOL data is a `Uint8Array` of 0/1, in and out. A byte other than 0/1
 * (e.g. a mask built as 255/0) is true for the remote client (json-codec.ts writes `v !== 0`), but the
 * local runtime hands the raw bytes to ORT, whose bool kernels work on the byte: `Not` of 2 is 3 and of
 * 255 is 254. The model computes a wrong answer (Not(true) comes back truthy) and the BOOL output holds
 * values that are not 0/1. Expected: the local runtime treats any non-zero byte as true (normalised
 * into a copy, the caller's array left as it is), like the remote JSON path — or refuses it.
 */
import { describe, expect, it } from 'vitest';
import { encodeJsonData } from '../../src/oip/json-codec.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();

function dtypesRequest(bool: Uint8Array): InferenceRequest {
  const n = bool.length;
  return {
    inputs: [
      { name: 'in_fp16', datatype: 'FP16', shape: [n], data: new Uint16Array(n) },
      { name: 'in_fp32', datatype: 'FP32', shape: [n], data: new Float32Array(n) },
      { name: 'in_fp64', datatype: 'FP64', shape: [n], data: new Float64Array(n) },
      { name: 'in_uint8', datatype: 'UINT8', shape: [n], data: new Uint8Array(n) },
      { name: 'in_uint16', datatype: 'UINT16', shape: [n], data: new Uint16Array(n) },
      { name: 'in_uint32', datatype: 'UINT32', shape: [n], data: new Uint32Array(n) },
      { name: 'in_uint64', datatype: 'UINT64', shape: [n], data: new BigUint64Array(n) },
      { name: 'in_int8', datatype: 'INT8', shape: [n], data: new Int8Array(n) },
      { name: 'in_int16', datatype: 'INT16', shape: [n], data: new Int16Array(n) },
      { name: 'in_int32', datatype: 'INT32', shape: [n], data: new Int32Array(n) },
      { name: 'in_int64', datatype: 'INT64', shape: [n], data: new BigInt64Array(n) },
      { name: 'in_string', datatype: 'BYTES', shape: [n], data: new Array<string>(n).fill('') },
      { name: 'in_bool', datatype: 'BOOL', shape: [n], data: bool },
    ],
    outputs: [{ name: 'out_bool' }],
  };
}

describe('onnx: BOOL input bytes other than 0/1', () => {
  for (const execution of ['inline', 'worker'] as const) {
    it(`${execution}: are true, so Not gives 0/1 like the remote client would (out_bool = Not(in_bool))`, async () => {
      const bool = Uint8Array.of(0, 1, 2, 255);
      // the remote JSON request says [false, true, true, true]
      expect(encodeJsonData(dtypesRequest(bool).inputs[12]!, 12)).toBe('[false,true,true,true]');
      const rt = runtime({ execution, transferInputs: false });
      const res = await rt.infer('dtypes', dtypesRequest(bool));
      const out = res.outputs[0]!;
      expect(out.name).toBe('out_bool');
      expect(Array.from(out.data as Uint8Array)).toEqual([1, 0, 0, 0]); // before the fix: [1, 0, 3, 254]
      expect(Array.from(bool)).toEqual([0, 1, 2, 255]); // the caller's array is not rewritten
    });
  }
});
