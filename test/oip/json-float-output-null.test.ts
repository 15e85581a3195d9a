/**
 * A NaN or ±Infinity in a float output, written as JSON by a server whose encoder turns it into
 * `null`: MLServer's REST responses go through orjson when it is installed (mlserver/rest/responses.py),
 * and orjson, like JSON.stringify, writes NaN and ±Infinity as null. NumPy-based clients
 * (tritonclient, KServe's) read such a null as NaN (`np.array([None], dtype=np.float32)`). The client
 * reads it as NaN in FP16, FP32, FP64 and BF16 outputs; in any other datatype null stays refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { infer, type InferenceResponse } from '../../src/oip/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let outputs: unknown[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ model_name: 'm', outputs }));
  });
});
afterAll(() => server.close());

const call = (o: unknown[]): Promise<InferenceResponse> => {
  outputs = o;
  return infer(createClient({ baseURL: server.url, retry: false }), 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] });
};

describe('null in a JSON float output', () => {
  it('reads as NaN in FP32, FP64, FP16 and BF16 (nested data too)', async () => {
    const res = await call([
      { name: 'f32', datatype: 'FP32', shape: [3], data: [1.5, null, -2] },
      { name: 'f64', datatype: 'FP64', shape: [1, 2], data: [[null, 0.1]] },
      { name: 'f16', datatype: 'FP16', shape: [2], data: [null, 1] },
      { name: 'bf16', datatype: 'BF16', shape: [2], data: [1, null] },
    ]);
    const [f32, f64, f16, bf16] = res.outputs.map((o) => Array.from(o.data as ArrayLike<number>));
    expect(f32).toEqual([1.5, NaN, -2]);
    expect(f64).toEqual([NaN, 0.1]);
    // a half or bfloat16 NaN: exponent all ones, mantissa not zero
    expect(f16![0]! & 0x7c00).toBe(0x7c00);
    expect(f16![0]! & 0x3ff).not.toBe(0);
    expect(f16![1]).toBe(0x3c00);
    expect(bf16![0]).toBe(0x3f80);
    expect(bf16![1]! & 0x7f80).toBe(0x7f80);
    expect(bf16![1]! & 0x7f).not.toBe(0);
  });

  it.each(['INT32', 'UINT8', 'INT64', 'BOOL', 'BYTES'])('stays refused in %s, naming the output', async (datatype) => {
    const err = await call([{ name: 'y', datatype, shape: [2], data: [datatype === 'BYTES' ? 'a' : 1, null] }]).then(
      () => undefined,
      (e: unknown) => e as ResponseValidationError,
    );
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err!.issues[0]!.path).toEqual(['outputs', 0, 'data']);
  });
});
