/**
 * `infer` request checks besides the inputs (docs/oip.md "Input checks": a bad request rejects the
 * returned promise with an InvalidRequestError naming the field, before anything is sent), and
 * `outputOf` (throws when the output is missing or has another datatype, naming which).
 */
import { describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { infer, outputOf, type InferenceRequest } from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const x = { name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) };

describe('infer: a request that is no object', () => {
  it.each([[null], [undefined]])('%s rejects with an InvalidRequestError at inputs, not a TypeError', async (request) => {
    await expectRefused(box.server, () => infer(client(), 'm', request as unknown as InferenceRequest), /^inputs$/);
  });
});

describe('infer: requested outputs and parameters', () => {
  it.each([[[{ name: '' }]], [[null]], [[{ name: 7 }]], [[{ name: 'a' }, {}]]])('outputs %j are refused at outputs, the message naming outputs', async (outputs) => {
    const err = await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x], outputs: bad(outputs) }), /^outputs$/);
    expect(err.message).toContain('outputs');
  });

  it.each([[[1]], [null]])('parameters %j are refused at parameters, the message naming parameters', async (parameters) => {
    const err = await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x], parameters: bad(parameters) }), /^parameters$/);
    expect(err.message).toContain('parameters');
  });

  it('named outputs and object parameters are sent as given', async () => {
    const before = box.server.requests.length;
    await infer(client(), 'm', { inputs: [x], outputs: [{ name: 'y' }], parameters: { p: 1 } });
    expect(box.server.requests.length - before).toBe(1);
    expect(JSON.parse(box.server.requests.at(-1)!.text())).toMatchObject({ outputs: [{ name: 'y' }], parameters: { p: 1 } });
  });
});

describe('outputOf', () => {
  it('an output of another datatype is refused at [outputs, name, datatype], naming both datatypes', async () => {
    const res = await infer(client(), 'm', { inputs: [x] });
    expect(outputOf(res, 'y', 'FP32').data).toEqual(Float32Array.of(1));
    let err: unknown;
    try {
      outputOf(res, 'y', 'INT32');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResponseValidationError);
    const issue = (err as ResponseValidationError).issues[0]!;
    expect(issue.path).toEqual(['outputs', 'y', 'datatype']);
    expect(issue.message).toContain('INT32');
    expect(issue.message).toContain('FP32');
    expect((err as ResponseValidationError).operation).toBe('oip.infer');
  });

  it('a missing output is refused at outputs, naming it, with the names present as the body', async () => {
    const res = await infer(client(), 'm', { inputs: [x] });
    let err: unknown;
    try {
      outputOf(res, 'probs', 'FP32');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]!.path).toEqual(['outputs']);
    expect((err as ResponseValidationError).issues[0]!.message).toContain('probs');
    expect((err as ResponseValidationError).body).toEqual(['y']);
  });
});
