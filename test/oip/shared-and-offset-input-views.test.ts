/**
 * Input tensors whose typed arrays are views: over a SharedArrayBuffer, or at a byteOffset into a
 * larger buffer (a Node Buffer from the pool). Only the view's elements travel, in JSON and in the
 * binary extension alike (triton/extension_binary_data.md: each tensor's bytes, no padding), and
 * the echo model hands them back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { infer, inferBinary, outputOf, type InferenceRequest } from '../../src/oip/index.js';
import { ECHO_MODEL, startOipServer, type OipServer } from '../helpers/oip-server.js';

let server: OipServer;
beforeAll(async () => {
  server = await startOipServer({ loaded: [] });
});
afterAll(() => server.close());

function request(): InferenceRequest {
  const shared = new SharedArrayBuffer(64);
  const f32 = new Float32Array(shared, 8, 3); // bytes 8..20 of 64
  f32.set([1.5, -2, 0.25]);
  new Float32Array(shared, 0, 2).set([9, 9]); // around the view: must not travel
  new Float32Array(shared, 20, 2).set([9, 9]);
  const i64 = new BigInt64Array(shared, 32, 2);
  i64.set([2n ** 62n + 1n, -5n]);
  const word = new Uint8Array(shared, 48, 3);
  word.set([0x68, 0x69, 0x21]); // 'hi!'
  const pooled = Buffer.from([7, 0, 1, 0]); // a view into Node's buffer pool, at some byteOffset
  return {
    inputs: [
      { name: 'f', datatype: 'FP32', shape: [3], data: f32 },
      { name: 'i', datatype: 'INT64', shape: [2], data: i64 },
      { name: 's', datatype: 'BYTES', shape: [1], data: [word] },
      { name: 'b', datatype: 'BOOL', shape: [4], data: pooled },
      { name: 'u', datatype: 'UINT8', shape: [4], data: pooled },
    ],
  };
}

describe('input views over shared or larger buffers', () => {
  it.each([
    ['JSON', infer],
    ['binary', inferBinary],
  ] as const)('%s sends only the view\'s elements', async (_mode, call) => {
    const res = await call(createClient({ baseURL: server.url, retry: false }), ECHO_MODEL, request());
    expect([...outputOf(res, 'f', 'FP32').data]).toEqual([1.5, -2, 0.25]);
    expect([...outputOf(res, 'i', 'INT64').data]).toEqual([2n ** 62n + 1n, -5n]);
    expect(outputOf(res, 's', 'BYTES').data).toEqual(['hi!']);
    expect([...outputOf(res, 'b', 'BOOL').data]).toEqual([1, 0, 1, 0]);
    expect([...outputOf(res, 'u', 'UINT8').data]).toEqual([7, 0, 1, 0]);
  });
});
