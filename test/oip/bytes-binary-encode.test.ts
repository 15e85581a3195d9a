/**
 * A BYTES input in the binary layout (triton/extension_binary_data.md): each element is its 4-byte
 * little-endian length, then its bytes (a string as UTF-8). tensorBytes writes every element into
 * one buffer (TextEncoder.encodeInto) instead of a Uint8Array per element joined after; the bytes
 * must be exactly those of encoding each element on its own, whatever the characters (1 to 4
 * UTF-8 bytes, a lone surrogate as EF BF BD, as TextEncoder writes it: tensorBytes itself checks
 * nothing), and the result is a buffer of its own, its exact length.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { inferBinary, tensorBytes } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const enc = new TextEncoder();
/** The layout built element by element, as the extension describes it. */
function reference(data: Array<string | Uint8Array>): number[] {
  const out: number[] = [];
  for (const v of data) {
    const b = typeof v === 'string' ? enc.encode(v) : v;
    out.push(b.length & 255, (b.length >> 8) & 255, (b.length >> 16) & 255, b.length >>> 24, ...b);
  }
  return out;
}

const backing = Uint8Array.of(9, 1, 2, 3, 9);
const cases: Record<string, Array<string | Uint8Array>> = {
  ascii: ['hi', '', 'a longer element with spaces'],
  'two-byte': ['é', 'ü', 'ßÿ'],
  'three-byte': ['€', '日本語', '\uffff'],
  'astral (a surrogate pair, 4 bytes)': ['😀', 'a😀b', '𝄞𝄞'],
  'lone surrogates (U+FFFD, 3 bytes)': ['\ud800', 'x\udc00y', '\ud83d'],
  'byte arrays, a view among them': [Uint8Array.of(0, 255), backing.subarray(1, 4), new Uint8Array(0), 'mixed'],
  'a long element': ['ab€😀'.repeat(5000)],
};

describe('tensorBytes of a BYTES tensor', () => {
  it.each(Object.entries(cases))('%s: each element as its own encoding would be, in a buffer of its exact length', (_, data) => {
    const bytes = tensorBytes({ name: 's', datatype: 'BYTES', shape: [data.length], data: data as string[] });
    expect(Array.from(bytes)).toEqual(reference(data));
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('an empty tensor is no bytes', () => {
    expect(tensorBytes({ name: 's', datatype: 'BYTES', shape: [0], data: [] }).byteLength).toBe(0);
  });
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [] }));
});
afterAll(() => server.close());

describe('inferBinary with BYTES inputs', () => {
  it('sends each input right after the header, its binary_data_size its byte length', async () => {
    const a = ['日本', '😀', '', 'plain'];
    const b = [Uint8Array.of(1, 2, 3), 'é'];
    await inferBinary(createClient({ baseURL: server.url, retry: false }), 'm', {
      inputs: [
        { name: 'a', datatype: 'BYTES', shape: [4], data: a },
        { name: 'b', datatype: 'BYTES', shape: [2], data: b as string[] },
      ],
    });
    const sent = server.requests.at(-1)!;
    const n = Number(sent.headers['inference-header-content-length']);
    const head = JSON.parse(sent.body.subarray(0, n).toString()) as { inputs: Array<{ parameters: { binary_data_size: number } }> };
    expect(head.inputs.map((i) => i.parameters.binary_data_size)).toEqual([reference(a).length, reference(b).length]);
    expect(Array.from(sent.body.subarray(n))).toEqual([...reference(a), ...reference(b)]);
  });
});
