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
import { rejectionAs } from '../core/_support.js';
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
  const rve = await rejectionAs(call(), ResponseValidationError);
  expect(rve.operation).toBe('oip.infer');
  return rve;
};
const paths = (err: ResponseValidationError) => err.issues.map((i) => i.path);
/** The single issue's message says what the field should have been. */
const says = (err: ResponseValidationError, kind: string) => expect(err.issues[0]!.message).toContain(kind);

describe('the envelope itself', () => {
  it.each([[null], [[]], ['text'], [7]])('%j as the whole answer is refused at the root', async (body) => {
    const err = await refused(body);
    expect(paths(err)).toEqual([[]]);
    says(err, 'object');
    expect(err.body).toEqual(body);
  });

  it.each([[{ outputs: [good] }], [{ model_name: 5, outputs: [good] }]])('model_name missing or not a string is refused at model_name (%j)', async (body) => {
    const err = await refused(body);
    expect(paths(err)).toEqual([['model_name']]);
    says(err, 'string');
  });

  it.each(['model_version', 'id'])('%s that is not a string is refused at that field; a string is kept', async (key) => {
    const err = await refused({ model_name: 'm', [key]: 1, outputs: [good] });
    expect(paths(err)).toEqual([[key]]);
    says(err, 'string');
    answer = { model_name: 'm', [key]: 'v1', outputs: [good] };
    expect((await call()) as unknown as Record<string, unknown>).toMatchObject({ [key]: 'v1' });
  });

  // (null is an absent field, as KServe sends it: test/oip/kserve-null-optional-fields.test.ts)
  it.each([[[1]], ['p']])('parameters %j (not an object) is refused at parameters', async (parameters) => {
    const err = await refused({ model_name: 'm', parameters, outputs: [good] });
    expect(paths(err)).toEqual([['parameters']]);
    says(err, 'object');
  });

  it.each([[undefined], [{ y: good }], ['y']])('outputs %j (not an array) is refused at outputs', async (outputs) => {
    const err = await refused({ model_name: 'm', outputs });
    expect(paths(err)).toEqual([['outputs']]);
    says(err, 'array');
  });

  it('every wrong field is reported, each at its own path', async () => {
    const err = await refused({ model_name: 1, id: 2, outputs: [good, null, { ...good, name: 3, shape: [1.5] }] });
    expect(paths(err)).toEqual([['model_name'], ['id'], ['outputs', 1], ['outputs', 2, 'name'], ['outputs', 2, 'shape']]);
  });
});

describe('each output', () => {
  it.each([[null], [[good]], ['y']])('an output that is %j (not an object) is refused at outputs[1]', async (o) => {
    const err = await refused({ model_name: 'm', outputs: [good, o] });
    expect(paths(err)).toEqual([['outputs', 1]]);
    says(err, 'object');
  });

  it.each([[undefined], [7]])('name %j is refused at outputs[0].name', async (name) => {
    const err = await refused({ model_name: 'm', outputs: [{ ...good, name }] });
    expect(paths(err)).toEqual([['outputs', 0, 'name']]);
    says(err, 'string');
  });

  it('an unknown datatype is refused at outputs[0].datatype, naming it', async () => {
    const err = await refused({ model_name: 'm', outputs: [{ ...good, datatype: 'FLOAT32' }] });
    expect(paths(err)).toEqual([['outputs', 0, 'datatype']]);
    expect(err.issues[0]!.message).toContain('FLOAT32');
  });

  it.each([[undefined], ['1'], [[1.5]], [['1']], [[2 ** 53]], [[1, 1.5]], [[2, -0.5, 3]]])('shape %j is refused at outputs[0].shape', async (shape) => {
    const err = await refused({ model_name: 'm', outputs: [{ ...good, shape }] });
    expect(paths(err)).toEqual([['outputs', 0, 'shape']]);
    says(err, 'integer');
  });

  it.each([[3], [[]]])('output parameters %j (not an object) are refused at outputs[0].parameters', async (parameters) => {
    const err = await refused({ model_name: 'm', outputs: [{ ...good, parameters }] });
    expect(paths(err)).toEqual([['outputs', 0, 'parameters']]);
    says(err, 'object');
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
