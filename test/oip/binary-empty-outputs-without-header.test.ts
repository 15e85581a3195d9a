/**
 * Binary outputs that are all empty (a detector that found nothing: boxes of shape [0, 4]).
 * Triton writes `"parameters": {"binary_data_size": 0}` and no `data` for each, appends no
 * bytes for a zero-size output, and sends `Inference-Header-Content-Length` only when some bytes
 * follow (server http_server.cc, `InferRequestClass::FinalizeResponse`: `if (byte_size > 0)
 * ordered_buffers.push_back(...)`, the header added `if (!ordered_buffers.empty())`). So the
 * answer is plain JSON without the header whose binary outputs have no `data`. Those outputs are
 * empty tensors, not "data: expected an array"; a size that is not 0 in such an answer is still
 * refused, naming the output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { createOipClient, inferBinary, outputOf } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The JSON answer the server sends next (never with the header length). */
let answer: unknown = {};
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, answer));
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'image', datatype: 'FP32' as const, shape: [1, 2], data: Float32Array.of(0.5, 0.25) }] };
const empty = (name: string, datatype: string, shape: number[]) => ({ name, datatype, shape, parameters: { binary_data_size: 0 } });

describe('binary outputs of empty tensors, answered without Inference-Header-Content-Length (Triton)', () => {
  it('inferBinary reads each as an empty typed array, and the JSON outputs beside them', async () => {
    answer = {
      model_name: 'detector',
      model_version: '1',
      outputs: [empty('boxes', 'FP32', [0, 4]), { name: 'count', datatype: 'INT32', shape: [1], data: [0] }, empty('labels', 'BYTES', [0]), empty('ids', 'INT64', [0])],
    };
    const res = await inferBinary(createClient({ baseURL: server.url, retry: false }), 'detector', request);
    expect(outputOf(res, 'boxes', 'FP32').data).toEqual(new Float32Array(0));
    expect([...outputOf(res, 'count', 'INT32').data]).toEqual([0]);
    expect(outputOf(res, 'labels', 'BYTES').data).toEqual([]);
    expect(outputOf(res, 'ids', 'INT64').data).toEqual(new BigInt64Array(0));
    // the transport parameter is dropped, as when the header came
    expect(res.outputs.map((o) => o.parameters)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('an OIP client asking for binary outputs only reads it too', async () => {
    answer = { model_name: 'detector', outputs: [empty('boxes', 'FP32', [0, 4])] };
    const oip = createOipClient({ baseURL: server.url, retry: false, binary: { outputs: true } });
    const res = await oip.infer('detector', request);
    expect(outputOf(res, 'boxes', 'FP32').data).toEqual(new Float32Array(0));
  });

  it('a binary output that claims bytes no header introduced is refused, naming it', async () => {
    answer = { model_name: 'detector', outputs: [{ name: 'boxes', datatype: 'FP32', shape: [1, 4], parameters: { binary_data_size: 16 } }] };
    const err = await rejectionAs(inferBinary(createClient({ baseURL: server.url, retry: false }), 'detector', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'parameters', 'binary_data_size']);
    expect(err.issues[0]!.message).toContain('"boxes"');
  });

  it('a zero size for a shape that holds elements is refused, naming it', async () => {
    answer = { model_name: 'detector', outputs: [empty('boxes', 'FP32', [1, 4])] };
    const err = await rejectionAs(inferBinary(createClient({ baseURL: server.url, retry: false }), 'detector', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'parameters', 'binary_data_size']);
    expect(err.issues[0]!.message).toContain('"boxes"');
  });
});
