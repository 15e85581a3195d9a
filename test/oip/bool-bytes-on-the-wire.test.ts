/**
 * A BOOL tensor is one byte per element, 0 or 1 (triton/extension_binary_data.md: "BOOL ... 1 byte
 * per element"; inference_rest.md: JSON `true`/`false`). docs/oip.md: a BOOL byte other than 0 or 1
 * counts as true. JSON sent such a byte as `true`, but the binary layout sent the byte itself
 * (`Uint8Array.of(2)` went out as 2), which a server reads as whatever its kernels make of it
 * (ONNX Runtime's Not(2) is 253, not false): the same request meant different things in the two
 * encodings. The binary layout now sends 1 for it, in a copy (the caller's array is unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { infer, inferBinary, type InputTensor } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [] }));
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

describe('BOOL bytes other than 0 and 1', () => {
  it('go out as 1 in the binary layout, as true in JSON; the caller array is unchanged', async () => {
    const data = Uint8Array.of(0, 2, 1, 255);
    const input: InputTensor = { name: 'mask', datatype: 'BOOL', shape: [4], data };
    await inferBinary(client(), 'm', { inputs: [input] });
    const sent = server.requests.at(-1)!;
    const headerLength = Number(sent.headers['inference-header-content-length']);
    expect(Array.from(sent.body.subarray(headerLength))).toEqual([0, 1, 1, 1]);
    await infer(client(), 'm', { inputs: [input] });
    expect((server.requests.at(-1)!.json() as { inputs: Array<{ data: unknown }> }).inputs[0]!.data).toEqual([false, true, true, true]);
    expect(Array.from(data)).toEqual([0, 2, 1, 255]);
  });

  it('a view into a larger buffer sends its own bytes, normalized past the first byte above 1; the buffer is unchanged', async () => {
    const backing = Uint8Array.of(7, 7, 1, 0, 1, 1, 0, 9, 7, 7);
    const data = backing.subarray(2, 8); // [1, 0, 1, 1, 0, 9]: the only byte above 1 is the last
    await inferBinary(client(), 'm', { inputs: [{ name: 'mask', datatype: 'BOOL', shape: [6], data }] });
    const sent = server.requests.at(-1)!;
    expect(Array.from(sent.body.subarray(Number(sent.headers['inference-header-content-length'])))).toEqual([1, 0, 1, 1, 0, 1]);
    expect(Array.from(backing)).toEqual([7, 7, 1, 0, 1, 1, 0, 9, 7, 7]);
  });

  it('0/1 data goes out as it is', async () => {
    const data = Uint8Array.of(1, 0, 1);
    await inferBinary(client(), 'm', { inputs: [{ name: 'mask', datatype: 'BOOL', shape: [3], data }] });
    const sent = server.requests.at(-1)!;
    expect(Array.from(sent.body.subarray(Number(sent.headers['inference-header-content-length'])))).toEqual([1, 0, 1]);
  });
});
