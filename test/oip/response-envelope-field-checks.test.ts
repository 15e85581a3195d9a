/**
 * The inference response envelope (docs/oip.md "Outputs": checked in every validation mode, field
 * types, datatypes and integer shapes; fields beyond the protocol kept). A server answer with a
 * field of the wrong type is a ResponseValidationError of `oip.infer` whose issue path names that
 * field; every wrong field is reported, not only the first; the error carries the body as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { checkInferenceEnvelope } from '../../src/oip/envelope.js';
import { infer } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const good = { name: 'y', datatype: 'FP32', shape: [1], data: [1] };
let answer: unknown = {};
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, answer));
});
afterAll(() => server.close());

const call = () => infer(createClient({ baseURL: server.url, retry: false }), 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] });
const refused = async (body: unknown): Promise<ResponseValidationError> => {
  answer = body;
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ResponseValidationError);
  const rve = err as ResponseValidationError;
  expect(rve.operation).toBe('oip.infer');
  return rve;
};
const paths = (err: ResponseValidationError) => err.issues.map((i) => i.path);

describe('the envelope itself', () => {
  it.each([[null], [[]], ['text'], [7]])('%j as the whole answer is refused at the root', async (body) => {
    const err = await refused(body);
    expect(paths(err)).toEqual([[]]);
    expect(err.body).toEqual(body);
  });

  it.each([[{ outputs: [good] }], [{ model_name: 5, outputs: [good] }]])('model_name missing or not a string is refused at model_name (%j)', async (body) => {
    expect(paths(await refused(body))).toEqual([['model_name']]);
  });

  it.each(['model_version', 'id'])('%s that is not a string is refused at that field; a string is kept', async (key) => {
    expect(paths(await refused({ model_name: 'm', [key]: 1, outputs: [good] }))).toEqual([[key]]);
    answer = { model_name: 'm', [key]: 'v1', outputs: [good] };
    expect((await call()) as unknown as Record<string, unknown>).toMatchObject({ [key]: 'v1' });
  });

  it.each([[[1]], ['p'], [null]])('parameters %j (not an object) is refused at parameters', async (parameters) => {
    expect(paths(await refused({ model_name: 'm', parameters, outputs: [good] }))).toEqual([['parameters']]);
  });

  it.each([[undefined], [{ y: good }], ['y']])('outputs %j (not an array) is refused at outputs', async (outputs) => {
    expect(paths(await refused({ model_name: 'm', outputs }))).toEqual([['outputs']]);
  });

  it('every wrong field is reported, each at its own path', async () => {
    const err = await refused({ model_name: 1, id: 2, outputs: [good, null, { ...good, name: 3, shape: [1.5] }] });
    expect(paths(err)).toEqual([['model_name'], ['id'], ['outputs', 1], ['outputs', 2, 'name'], ['outputs', 2, 'shape']]);
  });
});

describe('each output', () => {
  it.each([[null], [[good]], ['y']])('an output that is %j (not an object) is refused at outputs[1]', async (o) => {
    expect(paths(await refused({ model_name: 'm', outputs: [good, o] }))).toEqual([['outputs', 1]]);
  });

  it.each([[undefined], [7]])('name %j is refused at outputs[0].name', async (name) => {
    expect(paths(await refused({ model_name: 'm', outputs: [{ ...good, name }] }))).toEqual([['outputs', 0, 'name']]);
  });

  it('an unknown datatype is refused at outputs[0].datatype, naming it', async () => {
    const err = await refused({ model_name: 'm', outputs: [{ ...good, datatype: 'FLOAT32' }] });
    expect(paths(err)).toEqual([['outputs', 0, 'datatype']]);
    expect(err.issues[0]!.message).toContain('FLOAT32');
  });

  it.each([[undefined], ['1'], [[1.5]], [['1']], [[2 ** 53]]])('shape %j is refused at outputs[0].shape', async (shape) => {
    expect(paths(await refused({ model_name: 'm', outputs: [{ ...good, shape }] }))).toEqual([['outputs', 0, 'shape']]);
  });

  it.each([[3], [[]], [null]])('output parameters %j (not an object) are refused at outputs[0].parameters', async (parameters) => {
    expect(paths(await refused({ model_name: 'm', outputs: [{ ...good, parameters }] }))).toEqual([['outputs', 0, 'parameters']]);
  });
});

describe('an envelope that passes', () => {
  it('keeps fields beyond the protocol, parameters and an empty output list as sent', async () => {
    answer = { model_name: 'm', model_version: '2', id: 'r1', parameters: { p: 1 }, extra: [1], outputs: [{ ...good, parameters: { q: 'x' }, more: true }] };
    const res = (await call()) as unknown as Record<string, unknown>;
    expect(res).toMatchObject({ model_name: 'm', model_version: '2', id: 'r1', parameters: { p: 1 }, extra: [1] });
    expect((res.outputs as Record<string, unknown>[])[0]).toMatchObject({ name: 'y', parameters: { q: 'x' }, more: true });
    answer = { model_name: 'm', outputs: [] };
    expect((await call()).outputs).toEqual([]);
  });

  it('checkInferenceEnvelope names the operation it is given and returns the value itself', () => {
    const value = { model_name: 'm', outputs: [good] };
    expect(checkInferenceEnvelope(value, 'x.op')).toBe(value);
    let err: unknown;
    try {
      checkInferenceEnvelope({ outputs: [] }, 'x.op');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).operation).toBe('x.op');
  });
});
