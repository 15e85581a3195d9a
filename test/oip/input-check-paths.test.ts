/**
 * docs/oip.md "Input checks": a bad request throws InvalidRequestError with `path` pointing at the
 * field, and nothing is sent. Covers the fields other suites leave out: the tensor itself, its name,
 * its shape, the BYTES container, the input list, a non-UTF-8 BYTES element in JSON mode, a NaN
 * inside an array parameter; plus the datatype helpers exported next to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { InvalidRequestError } from '../../src/core/errors.js';
import { bytesPerElement, createTensorData, infer, type InferenceRequest, type InputTensor } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [] }));
});
afterAll(() => server.close());

const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) };
const refused = async (request: InferenceRequest): Promise<InvalidRequestError> => {
  const err = await infer(createClient({ baseURL: server.url, retry: false }), 'm', request).then(
    () => undefined,
    (e: unknown) => e as InvalidRequestError,
  );
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(server.requests).toHaveLength(0);
  return err!;
};
const bad = <T>(v: unknown): T => v as T;

describe('infer input checks: path of each field', () => {
  it.each([
    ['a tensor that is null', [x, null], 'inputs[1]'],
    ['a tensor that is a string', ['x'], 'inputs[0]'],
    ['a missing name', [{ ...x, name: undefined }], 'inputs[0].name'],
    ['an empty name', [x, { ...x, name: '' }], 'inputs[1].name'],
    ['a shape that is not an array', [{ ...x, shape: 1 }], 'inputs[0].shape'],
    ['a duplicate name', [x, { ...x }], 'inputs[1].name'],
  ])('%s → %s', async (_what, inputs, path) => {
    expect((await refused({ inputs: bad(inputs) })).path).toBe(path);
  });

  it.each([[[]], [undefined], [{ 0: x, length: 1 }]])('inputs %j → path inputs', async (inputs) => {
    expect((await refused({ inputs: bad(inputs) })).path).toBe('inputs');
  });

  it('a BYTES tensor given as a typed array names the containers it accepts', async () => {
    const err = await refused({ inputs: [{ name: 's', datatype: 'BYTES', shape: [2], data: bad(new Uint8Array(2)) }] });
    expect(err.path).toBe('inputs[0].data');
    expect(err.message).toContain('string[] or Uint8Array[]');
  });

  it('a BYTES element that is not valid UTF-8 is refused in JSON mode at its index', async () => {
    const err = await refused({ inputs: [{ name: 's', datatype: 'BYTES', shape: [2], data: bad(['ok', new Uint8Array([0xff, 0xfe])]) }] });
    expect(err.path).toBe('inputs[0].data[1]');
    expect(err.message).toContain('"s"');
    expect(err.message).toContain('UTF-8');
  });

  it('a NaN inside an array parameter is refused at its index', async () => {
    expect((await refused({ inputs: [x], parameters: bad({ weights: [1, Number.NaN] }) })).path).toBe('parameters.weights[1]');
    expect((await refused({ inputs: [{ ...x, parameters: bad({ w: [[0], [Infinity]] }) }] })).path).toBe('inputs[0].parameters.w[1][0]');
  });
});

describe('datatype helpers', () => {
  it('bytesPerElement: the binary width of each numeric datatype, undefined for BYTES', () => {
    expect(bytesPerElement('BYTES')).toBeUndefined();
    expect(['BOOL', 'UINT8', 'INT8', 'FP16', 'INT16', 'FP32', 'UINT32', 'FP64', 'INT64', 'UINT64'].map((d) => bytesPerElement(d as 'FP32'))).toEqual([1, 1, 1, 2, 2, 4, 4, 8, 8, 8]);
  });

  it('createTensorData: a zeroed typed array of the datatype and length', () => {
    const ids = createTensorData('INT64', 3);
    expect(ids).toBeInstanceOf(BigInt64Array);
    expect([...ids]).toEqual([0n, 0n, 0n]);
    expect(createTensorData('FP16', 2)).toEqual(new Uint16Array(2));
  });
});
