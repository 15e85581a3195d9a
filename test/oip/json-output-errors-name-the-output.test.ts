/**
 * A response output the client cannot read (data whose element count disagrees with its shape,
 * an element of the wrong type, data that is no array, a bad shape or datatype) is a
 * ResponseValidationError whose message names the output, as a binary output's already did:
 * `outputs.1.data: output "probs": has 3 elements but shape [2,2] needs 4`, not only its index
 * (a model's outputs come in the server's order, which the caller does not see).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { infer, inferBinary } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { inferAnswer, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The second output of the next answer (the first always reads), and the bytes after the JSON, if any. */
let second: Record<string, unknown> = {};
let tail: Buffer | undefined;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) =>
    inferAnswer(res, JSON.stringify({ model_name: 'm', outputs: [{ name: 'ok', datatype: 'INT8', shape: [1], data: [1] }, { name: 'probs', ...second }] }), tail),
  );
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }] };
const client = () => createClient({ baseURL: server.url, retry: false });

describe('JSON outputs', () => {
  it.each([
    ['a count that disagrees with the shape', { datatype: 'FP32', shape: [2, 2], data: [1, 2, 3] }, 'data', 'has 3 elements but shape [2,2] needs 4'],
    ['an element of the wrong type', { datatype: 'INT32', shape: [2], data: [1, 'two'] }, 'data', 'cannot be read as INT32'],
    ['an integer out of range', { datatype: 'UINT8', shape: [1], data: [256] }, 'data', 'does not fit'],
    ['data that is no array', { datatype: 'FP32', shape: [], data: 0.5 }, 'data', 'expected an array'],
    ['a negative dimension', { datatype: 'FP32', shape: [-1], data: [] }, 'shape', 'invalid shape'],
  ])('%s names the output', async (_what, output, field, says) => {
    second = output;
    tail = undefined;
    const err = await rejectionAs(infer(client(), 'm', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 1, field]);
    expect(err.issues[0]!.message).toContain('output "probs"');
    expect(err.issues[0]!.message).toContain(says);
    expect(err.message).toContain(`outputs.1.${field}: output "probs": `);
  });

  it.each([
    ['an unknown datatype', { datatype: 'FLOAT32', shape: [1], data: [1] }, 'datatype', 'unknown datatype "FLOAT32"'],
    ['a shape that is no array of integers', { datatype: 'FP32', shape: [1.5], data: [1] }, 'shape', 'expected an array of integers'],
  ])('%s names the output, at its field', async (_what, output, field, says) => {
    second = output;
    tail = undefined;
    const err = await rejectionAs(infer(client(), 'm', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 1, field]);
    expect(err.issues[0]!.message).toBe(`output "probs": ${says}`);
  });

  it('a JSON output beside binary ones in a binary answer names the output too', async () => {
    second = { datatype: 'FP32', shape: [2, 2], data: [1, 2, 3] };
    tail = Buffer.alloc(0);
    const err = await rejectionAs(inferBinary(client(), 'm', request), ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 1, 'data']);
    expect(err.issues[0]!.message).toBe('output "probs": has 3 elements but shape [2,2] needs 4');
  });
});
