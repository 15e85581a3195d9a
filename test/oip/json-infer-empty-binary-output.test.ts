/**
 * A plain JSON `infer` whose request asks an output as binary (`parameters: { binary_data: true }`)
 * and whose answer has that output empty (a detector that found nothing: boxes of shape [0, 4]).
 * Triton then writes `"parameters": {"binary_data_size": 0}` and no `data`, and, no bytes following
 * the JSON, no `Inference-Header-Content-Length` (see binary-empty-outputs-without-header). The same
 * request answered with boxes comes with the header and is refused naming `inferBinary`; the empty
 * answer said only `output "boxes": expected an array`. It now says the same as the header case,
 * naming the output, so the request fails alike whatever the model found. An output that has
 * neither `data` nor `binary_data_size` (the spec requires `data`) says its data is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { infer, inferBinary, outputOf } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { inferAnswer, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The boxes output of the next answer, and the bytes after its JSON (with the header length), if any. */
let boxes: Record<string, unknown> = {};
let tail: Buffer | undefined;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) =>
    inferAnswer(res, JSON.stringify({ model_name: 'detector', outputs: [{ name: 'boxes', datatype: 'FP32', ...boxes }] }), tail),
  );
});
afterAll(() => server.close());

const request = {
  inputs: [{ name: 'image', datatype: 'FP32' as const, shape: [1, 2], data: Float32Array.of(0.5, 0.25) }],
  outputs: [{ name: 'boxes', parameters: { binary_data: true } }],
};
const client = () => createClient({ baseURL: server.url, retry: false });

describe('JSON infer, an output asked for as binary', () => {
  it('answered with boxes (binary bytes after the JSON, with the header): refused naming inferBinary', async () => {
    boxes = { shape: [1, 4], parameters: { binary_data_size: 16 } };
    tail = Buffer.from(Float32Array.of(1, 2, 3, 4).buffer);
    const err = await rejectionAs(infer(client(), 'detector', request), ResponseValidationError);
    expect(err.message).toContain('use inferBinary()');
  });

  it('answered empty (binary_data_size 0, no data, no header): refused naming inferBinary and the output', async () => {
    boxes = { shape: [0, 4], parameters: { binary_data_size: 0 } };
    tail = undefined;
    const err = await rejectionAs(infer(client(), 'detector', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'parameters', 'binary_data_size']);
    expect(err.issues[0]!.message).toBe('output "boxes": binary tensor data answer: use inferBinary()');
    expect(err.operation).toBe('oip.infer');
    // inferBinary reads that answer: an empty tensor
    expect(outputOf(await inferBinary(client(), 'detector', request), 'boxes', 'FP32').data).toEqual(new Float32Array(0));
  });

  it('an output with neither data nor binary_data_size says its data is missing', async () => {
    boxes = { shape: [0, 4] };
    tail = undefined;
    const err = await rejectionAs(infer(client(), 'detector', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'data']);
    expect(err.issues[0]!.message).toBe('output "boxes": no data (expected an array)');
  });
});
