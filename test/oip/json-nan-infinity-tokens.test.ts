/**
 * Triton writes a float output's NaN and ±Infinity in a JSON answer as the bare tokens `NaN`,
 * `Infinity` and `-Infinity` (common/triton_json.h: TritonJson::Write passes rapidjson's
 * kWriteNanAndInfFlag, since server#3870 for issue #3711, a TensorRT model that output NaN).
 * JSON.parse refuses those, so such an answer failed whole as "body is not valid JSON". They are
 * read as the values they name, in a JSON answer and in the JSON header of a binary one; a token
 * inside a string is left alone, and an integer output holding one is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { infer, inferBinary, outputOf } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { inferAnswer, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The next answer's body, as text (Triton's, tokens and all), and the bytes after it, if any. */
let text = '';
let tail: Buffer | undefined;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => inferAnswer(res, text, tail));
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }] };
const client = () => createClient({ baseURL: server.url, retry: false });

describe("Triton's NaN, Infinity and -Infinity tokens in a JSON answer", () => {
  it('FP32 and FP64 outputs read them as NaN, Infinity and -Infinity', async () => {
    tail = undefined;
    text =
      '{"model_name":"trt","model_version":"1","outputs":[' +
      '{"name":"scores","datatype":"FP32","shape":[2,2],"data":[NaN,1.5,Infinity,-Infinity]},' +
      '{"name":"dist","datatype":"FP64","shape":[3],"data":[-Infinity,0.25,NaN]}]}';
    const res = await infer(client(), 'trt', request);
    expect([...outputOf(res, 'scores', 'FP32').data]).toEqual([NaN, 1.5, Infinity, -Infinity]);
    expect([...outputOf(res, 'dist', 'FP64').data]).toEqual([-Infinity, 0.25, NaN]);
  });

  it('a token inside a string stays text; an exact INT64 beside them still reads', async () => {
    tail = undefined;
    text =
      '{"model_name":"trt","id":"NaN Infinity","outputs":[' +
      '{"name":"label","datatype":"BYTES","shape":[2],"data":["NaN","-Infinity \\"NaN\\""]},' +
      '{"name":"ids","datatype":"INT64","shape":[1],"data":[9007199254740993]},' +
      '{"name":"s","datatype":"FP32","shape":[1],"data":[NaN]}]}';
    const res = await infer(client(), 'trt', request);
    expect(res.id).toBe('NaN Infinity');
    expect(outputOf(res, 'label', 'BYTES').data).toEqual(['NaN', '-Infinity "NaN"']);
    expect([...outputOf(res, 'ids', 'INT64').data]).toEqual([9007199254740993n]);
    expect([...outputOf(res, 's', 'FP32').data]).toEqual([NaN]);
  });

  it('in the JSON header of a binary answer too', async () => {
    tail = Buffer.from(Float32Array.of(2.5).buffer);
    text = '{"model_name":"trt","outputs":[{"name":"a","datatype":"FP64","shape":[1],"data":[Infinity]},{"name":"b","datatype":"FP32","shape":[1],"parameters":{"binary_data_size":4}}]}';
    const res = await inferBinary(client(), 'trt', request);
    expect([...outputOf(res, 'a', 'FP64').data]).toEqual([Infinity]);
    expect([...outputOf(res, 'b', 'FP32').data]).toEqual([2.5]);
  });

  it('an integer output holding one is refused, naming it', async () => {
    tail = undefined;
    text = '{"model_name":"trt","outputs":[{"name":"n","datatype":"INT32","shape":[1],"data":[NaN]}]}';
    const err = await rejectionAs(infer(client(), 'trt', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'data']);
    expect(err.issues[0]!.message).toContain('output "n"');
  });

  it('a body that is not JSON for another reason is still "not valid JSON"', async () => {
    tail = undefined;
    text = '{"model_name":"trt","outputs":[{"name":"s","datatype":"FP32","shape":[1],"data":[NaN]}]';
    const err = await rejectionAs(infer(client(), 'trt', request), ResponseValidationError);
    expect(err.message).toMatch(/not valid JSON/);
  });
});
