/**
 * JSON output tensors the client reads (docs/oip.md "Outputs"; inference_rest.md: BOOL data are
 * true/false): a wrong `data` or `shape` is a ResponseValidationError at that field, a BOOL element
 * that is neither a boolean nor 0/1 is refused, and parseJsonExact's decimal strings (integer
 * literals of 16+ digits) read back as numbers for a non-64-bit datatype, while other strings do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { decodeJsonData, infer, parseJsonExact } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let output: Record<string, unknown> = {};
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [{ name: 'a', datatype: 'INT8', shape: [1], data: [1] }, { name: 'y', ...output }] }));
});
afterAll(() => server.close());

const call = () => infer(createClient({ baseURL: server.url, retry: false }), 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] });
const refused = async (o: Record<string, unknown>) => {
  output = o;
  const err = await call().then(
    () => undefined,
    (e: unknown) => e as ResponseValidationError,
  );
  expect(err).toBeInstanceOf(ResponseValidationError);
  return err!.issues[0]!;
};

describe('JSON outputs: data and shape', () => {
  it('data that is not an array is refused at outputs[1].data', async () => {
    expect((await refused({ datatype: 'FP32', shape: [1], data: 5 })).path).toEqual(['outputs', 1, 'data']);
  });

  it('a negative dimension is refused at outputs[1].shape', async () => {
    expect((await refused({ datatype: 'FP32', shape: [-1], data: [] })).path).toEqual(['outputs', 1, 'shape']);
  });
});

describe('JSON BOOL outputs', () => {
  it('true/false and 0/1 are read as 1/0', async () => {
    output = { datatype: 'BOOL', shape: [4], data: [true, false, 1, 0] };
    expect([...((await call()).outputs[1]!.data as Uint8Array)]).toEqual([1, 0, 1, 0]);
  });

  it.each([[[true, 2]], [[false, 'true']], [[true, null]]])('%j is refused, naming element 1', async (data) => {
    const issue = await refused({ datatype: 'BOOL', shape: [2], data });
    expect(issue.path).toEqual(['outputs', 1, 'data']);
    expect(issue.message).toContain('element 1');
  });

  it('a BYTES element that is not a string is refused, naming it', async () => {
    const issue = await refused({ datatype: 'BYTES', shape: [2], data: ['a', 7] });
    expect(issue.path).toEqual(['outputs', 1, 'data']);
    expect(issue.message).toContain('element 1');
  });
});

describe('decodeJsonData on parseJsonExact data', () => {
  const decode = (datatype: 'FP64' | 'INT32' | 'FP32', data: unknown) => decodeJsonData(datatype, data, [(data as unknown[]).length], 0, null, 'oip.infer');

  it('a long integer literal is a number for FP64 (parseJsonExact: "numbers elsewhere")', () => {
    const data = parseJsonExact('[12345678901234567, -98765432109876543, 1.5]');
    expect(data).toEqual(['12345678901234567', '-98765432109876543', 1.5]);
    expect([...decode('FP64', data)]).toEqual([12345678901234567, -98765432109876543, 1.5]);
  });

  it('a long integer literal out of INT32 range is still refused', () => {
    expect(() => decode('INT32', parseJsonExact('[1234567890123456]'))).toThrow(ResponseValidationError);
  });

  it.each([['x1234567890123456789'], ['1234567890123456789x'], ['123'], ['1e21'], ['-']])('the string %j is not a number', (s) => {
    expect(() => decode('FP32', [s])).toThrow(ResponseValidationError);
  });
});
