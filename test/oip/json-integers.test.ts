/**
 * JSON outputs of an integer datatype are stored into their typed array without a check: a value
 * the datatype cannot hold (a fraction, or out of range) is wrapped or truncated silently (300 as
 * UINT8 reads 44, 1.5 as INT32 reads 1, 2^64 as INT64 reads 0). docs/oip.md ("Outputs"): an
 * element of the wrong type throws ResponseValidationError with issues[0].path
 * ['outputs', i, 'data']; an INT64 fraction already does (BigInt refuses it), the others do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { infer } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let output: { datatype: string; shape: number[]; data: unknown[] } = { datatype: 'INT32', shape: [1], data: [1] };
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [{ name: 'y', ...output }] }));
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array([1]) }] };

describe('JSON integer outputs the datatype cannot hold', () => {
  it.each([
    ['UINT8', [300]],
    ['UINT8', [-1]],
    ['INT8', [200]],
    ['INT32', [1.5]],
    ['INT32', [3e9]],
    ['UINT32', [-1]],
    ['UINT16', [70000]],
    ['INT64', [2 ** 64]],
    ['UINT64', [-1]],
  ])('%s %j is a ResponseValidationError, not a silently wrapped value', async (datatype, data) => {
    output = { datatype, shape: [1], data };
    const client = createClient({ baseURL: server.url, retry: false });
    const result = await infer(client, 'm', request).then(
      (res) => res.outputs[0]!.data,
      (e: unknown) => e,
    );
    expect(result).toBeInstanceOf(ResponseValidationError);
    expect((result as ResponseValidationError).issues[0]!.path).toEqual(['outputs', 0, 'data']);
  });

  it('values in range still decode (the check refuses nothing valid)', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    output = { datatype: 'UINT8', shape: [3], data: [0, 255, 7] };
    expect([...((await infer(client, 'm', request)).outputs[0]!.data as Uint8Array)]).toEqual([0, 255, 7]);
    output = { datatype: 'INT32', shape: [2], data: [-2147483648, 2147483647] };
    expect([...((await infer(client, 'm', request)).outputs[0]!.data as Int32Array)]).toEqual([-2147483648, 2147483647]);
  });
});
