import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { infer } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

// docs/oip.md "Outputs": an element of the wrong type throws ResponseValidationError. An INT32
// output refuses the JSON string "7"; an INT64/UINT64 output used to hand any string to BigInt(),
// so "" became 0n, "0x10" 16n and " 7 " 7n: a bogus answer read as data. (A plain decimal string,
// as protobuf's JSON mapping writes int64, may stay accepted: that is the same integer.)
let data: unknown[] = [];
let datatype = 'INT64';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [{ name: 'y', datatype, shape: [data.length], data }] }));
});
afterAll(() => server.close());

describe('INT64/UINT64 JSON outputs refuse strings like any other integer output', () => {
  const call = () =>
    infer(createClient({ baseURL: server.url, retry: false }), 'm', { inputs: [{ name: 'x', datatype: 'INT32', shape: [1], data: new Int32Array([1]) }] });

  it.each([
    ['INT64', ['']],
    ['INT64', ['0x10']],
    ['UINT64', [' 7 ']],
  ])('%s output with data %j → ResponseValidationError', async (dt, d) => {
    datatype = dt;
    data = d;
    const err = await call().then(
      (res) => res,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]!.path).toEqual(['outputs', 0, 'data']);
  });

  it('still reads exact 64-bit literals beyond 2^53', async () => {
    datatype = 'INT64';
    data = [];
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"model_name":"m","outputs":[{"name":"y","datatype":"INT64","shape":[2],"data":[-9223372036854775808, 5]}]}');
    });
    const res = await call();
    expect(Array.from(res.outputs[0]!.data as BigInt64Array)).toEqual([-9223372036854775808n, 5n]);
  });
});
