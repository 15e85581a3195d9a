/**
 * Binary outputs whose bytes do not start at a multiple of their element width (the JSON header's
 * length is whatever it is, and each output follows the last: triton/extension_binary_data.md).
 * A typed array cannot view them there. The body `inferBinary` read itself is its own buffer, so
 * such an output is moved back in place (over the header, or bytes no earlier output views) and
 * viewed, rather than copied out: a 16M-element FP32 output then costs no second 64 MB. An output
 * is never moved over bytes an earlier output views, and `decodeInferBody`, given bytes by its
 * caller, never writes to them (it copies, as before).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { decodeInferBody, inferBinary, outputOf, type InferenceResponse } from '../../src/oip/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const enc = new TextEncoder();
// name, datatype, shape, the element bytes (little-endian)
const outputs: Array<[string, string, number[], Uint8Array]> = [
  ['a', 'FP32', [4], new Uint8Array(Float32Array.of(1.5, -2, 3.25, 1e30).buffer)],
  ['b', 'INT64', [2], new Uint8Array(BigInt64Array.of(-(2n ** 62n) - 3n, 123456789012345n).buffer)],
  ['c', 'FP16', [3], new Uint8Array(Uint16Array.of(0x3c00, 0xc000, 0x7bff).buffer)],
  ['d', 'BYTES', [2], Uint8Array.of(3, 0, 0, 0, ...enc.encode('hé'), 0, 0, 0, 0)],
  ['e', 'FP32', [1], new Uint8Array(Float32Array.of(7.5).buffer)],
  ['f', 'FP16', [1], new Uint8Array(Uint16Array.of(0x1234).buffer)],
  ['g', 'FP16', [1], new Uint8Array(Uint16Array.of(0xabcd).buffer)],
  ['h', 'FP32', [1], new Uint8Array(Float32Array.of(-0.25).buffer)],
];

/** The whole body with a header of `mod` bytes past a multiple of 8, and the header's length. */
function body(mod: number): { bytes: Uint8Array; headerLength: number } {
  const json = (pad: string) =>
    enc.encode(JSON.stringify({ model_name: `m${pad}`, outputs: outputs.map(([name, datatype, shape, b]) => ({ name, datatype, shape, parameters: { binary_data_size: b.length } })) }));
  let pad = '';
  while (json(pad).length % 8 !== mod) pad += 'x';
  const head = json(pad);
  const bytes = new Uint8Array(head.length + outputs.reduce((n, o) => n + o[3].length, 0));
  bytes.set(head);
  let off = head.length;
  for (const o of outputs) {
    bytes.set(o[3], off);
    off += o[3].length;
  }
  return { bytes, headerLength: head.length };
}

function expectOutputs(res: InferenceResponse): void {
  expect([...outputOf(res, 'a', 'FP32').data]).toEqual([1.5, -2, 3.25, Math.fround(1e30)]);
  expect([...outputOf(res, 'b', 'INT64').data]).toEqual([-(2n ** 62n) - 3n, 123456789012345n]);
  expect([...outputOf(res, 'c', 'FP16').data]).toEqual([0x3c00, 0xc000, 0x7bff]);
  expect(outputOf(res, 'd', 'BYTES').data).toEqual(['hé', '']);
  expect([...outputOf(res, 'e', 'FP32').data]).toEqual([7.5]);
  expect([...outputOf(res, 'f', 'FP16').data]).toEqual([0x1234]);
  expect([...outputOf(res, 'g', 'FP16').data]).toEqual([0xabcd]);
  expect([...outputOf(res, 'h', 'FP32').data]).toEqual([-0.25]);
  for (const o of res.outputs) expect(o.parameters).toBeUndefined();
}

let mod = 1;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    const { bytes, headerLength } = body(mod);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) });
    res.end(bytes);
  });
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }] };

describe('binary outputs at offsets their element width does not divide', () => {
  it.each([0, 1, 2, 3, 5, 7])('read right through inferBinary, header length ≡ %i (mod 8); no output overwrites another', async (m) => {
    mod = m;
    const res = await inferBinary(createClient({ baseURL: server.url, retry: false }), 'm', request);
    expectOutputs(res);
    // the first output is a view into the body read (moved over the header when unaligned), not a copy of its 16 bytes
    expect(outputOf(res, 'a', 'FP32').data.buffer.byteLength).toBeGreaterThan(16);
    // each numeric output is an array of its own bytes: writing one leaves the others as they were
    outputOf(res, 'f', 'FP16').data.fill(0);
    outputOf(res, 'a', 'FP32').data.fill(0);
    expect([...outputOf(res, 'g', 'FP16').data]).toEqual([0xabcd]);
    expect([...outputOf(res, 'b', 'INT64').data]).toEqual([-(2n ** 62n) - 3n, 123456789012345n]);
  });

  it.each([1, 3, 5])('decodeInferBody leaves the bytes it is given as they were (header length ≡ %i mod 8)', (m) => {
    const { bytes, headerLength } = body(m);
    const before = bytes.slice();
    const text = new TextDecoder().decode(bytes.subarray(0, headerLength));
    expectOutputs(decodeInferBody(text, bytes, headerLength));
    expect(bytes).toEqual(before);
  });
});
