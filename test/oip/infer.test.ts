import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { AbortError, BadRequestError, ConnectionError, TimeoutError, InternalServerError, InvalidRequestError, NotFoundError, ResponseValidationError } from '../../src/core/errors.js';
import { binaryTensorCodec, createOipClient, fp32ToFp16, infer, inferBinary, outputOf, type InferenceRequest, type InputTensor, type OipClient } from '../../src/oip/index.js';
import type { OipServer } from '../helpers/oip-server.js';
import { createConformance, expectConformant, startConformantOipServer, unexpected } from './setup.js';

const conformance = createConformance();
let server: OipServer;
let oip: OipClient;
const responseHeaderLengths: (string | null)[] = [];

beforeAll(async () => {
  server = await startConformantOipServer(conformance);
  oip = createOipClient({
    baseURL: server.url,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    // Records whether each answer used the binary extension.
    middleware: [(next) => async (req) => {
      const res = await next(req);
      responseHeaderLengths.push(res.headers.get('inference-header-content-length'));
      return res;
    }],
  });
});
afterAll(async () => {
  await server.close();
  expectConformant(conformance, 15);
});

/** One input per datatype of the committed dtypes.onnx (Identity per type, Not for BOOL), 4 elements each. */
function dtypeInputs(extremes: { nonFinite: boolean }): InputTensor[] {
  const f = extremes.nonFinite ? [Number.NaN, Number.POSITIVE_INFINITY] : [0.1, -0];
  return [
    { name: 'in_fp16', datatype: 'FP16', shape: [4], data: fp32ToFp16([1, -2.5, 65504, 6.1035e-5].slice(0, 2).concat(f)) },
    { name: 'in_fp32', datatype: 'FP32', shape: [4], data: new Float32Array([0.1, -3.4e38, 1e-45, ...f]) .subarray(1) },
    { name: 'in_fp64', datatype: 'FP64', shape: [4], data: new Float64Array([Math.PI, 5e-324, ...f]) },
    { name: 'in_uint8', datatype: 'UINT8', shape: [4], data: new Uint8Array([0, 1, 254, 255]) },
    { name: 'in_uint16', datatype: 'UINT16', shape: [4], data: new Uint16Array([0, 1, 65534, 65535]) },
    { name: 'in_uint32', datatype: 'UINT32', shape: [4], data: new Uint32Array([0, 1, 2 ** 31, 2 ** 32 - 1]) },
    { name: 'in_uint64', datatype: 'UINT64', shape: [4], data: new BigUint64Array([0n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]) },
    { name: 'in_int8', datatype: 'INT8', shape: [4], data: new Int8Array([-128, -1, 0, 127]) },
    { name: 'in_int16', datatype: 'INT16', shape: [4], data: new Int16Array([-32768, -1, 0, 32767]) },
    { name: 'in_int32', datatype: 'INT32', shape: [4], data: new Int32Array([-(2 ** 31), -1, 0, 2 ** 31 - 1]) },
    { name: 'in_int64', datatype: 'INT64', shape: [4], data: new BigInt64Array([-(2n ** 63n), -9007199254740993n, 9007199254740993n, 2n ** 63n - 1n]) },
    { name: 'in_string', datatype: 'BYTES', shape: [4], data: ['', 'héllo wörld', '日本語 🎉', 'quote " backslash \\ newline \n'] },
    { name: 'in_bool', datatype: 'BOOL', shape: [4], data: new Uint8Array([1, 0, 0, 1]) },
  ];
}

function expectRoundTrip(request: InferenceRequest, outputs: Awaited<ReturnType<typeof infer>>['outputs']): void {
  expect(outputs).toHaveLength(request.inputs.length);
  for (const input of request.inputs) {
    const out = outputs.find((o) => o.name === input.name.replace(/^in_/, 'out_'));
    expect(out, input.name).toBeDefined();
    expect(out!.datatype).toBe(input.datatype);
    expect(out!.shape).toEqual([...input.shape]);
    if (input.datatype === 'BOOL') {
      expect(out!.data).toBeInstanceOf(Uint8Array);
      expect([...(out!.data as Uint8Array)]).toEqual([...input.data].map((v) => (v ? 0 : 1)));
    } else if (input.datatype === 'BYTES') {
      expect(out!.data).toEqual(input.data);
    } else {
      expect(out!.data.constructor).toBe(input.data.constructor);
      // Bit-exact, NaN included.
      const a = new Uint8Array(input.data.buffer, input.data.byteOffset, input.data.byteLength);
      const d = out!.data as ArrayBufferView;
      const b = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
      expect([...b], input.name).toEqual([...a]);
    }
  }
}

describe('infer: every datatype round trips', () => {
  it('JSON (default)', async () => {
    const request: InferenceRequest = { inputs: dtypeInputs({ nonFinite: false }) };
    const before = server.http.count('/v2/models/dtypes/infer');
    const res = await infer(createClient({ baseURL: server.url }), 'dtypes', request);
    expect(res.model_name).toBe('dtypes');
    expectRoundTrip(request, res.outputs);
    const sent = server.http.requests.at(-1)!;
    expect(server.http.count('/v2/models/dtypes/infer')).toBe(before + 1);
    expect(sent.headers['content-type']).toBe('application/json');
    // INT64 beyond 2^53 travels as exact JSON numbers.
    expect(sent.text()).toContain('-9007199254740993,9007199254740993');
    expect(sent.text()).toContain('"data":[true,false,false,true]');
  });

  it('binary both ways, NaN and Infinity included', async () => {
    const request: InferenceRequest = { inputs: dtypeInputs({ nonFinite: true }) };
    const res = await oip.infer('dtypes', request, { binary: true });
    expectRoundTrip(request, res.outputs);
    const sent = server.http.requests.at(-1)!;
    expect(sent.headers['content-type']).toBe('application/octet-stream');
    const headerLength = Number(sent.headers['inference-header-content-length']);
    const header = JSON.parse(sent.body.subarray(0, headerLength).toString()) as { parameters: Record<string, unknown>; inputs: { parameters: { binary_data_size: number }; data?: unknown }[] };
    expect(header.parameters.binary_data_output).toBe(true);
    expect(header.inputs.every((i) => i.data === undefined && i.parameters.binary_data_size >= 0)).toBe(true);
    expect(headerLength + header.inputs.reduce((n, i) => n + i.parameters.binary_data_size, 0)).toBe(sent.body.length);
    // BYTES: 4-byte little-endian length prefixes.
    const strIndex = header.inputs.findIndex((_, i) => request.inputs[i]!.datatype === 'BYTES');
    expect(header.inputs[strIndex]!.parameters.binary_data_size).toBe(4 * 4 + Buffer.byteLength((request.inputs[strIndex]!.data as string[]).join('')));
    // The answer came back binary; the transport parameter is not left on the outputs.
    expect(responseHeaderLengths.at(-1)).toMatch(/^\d+$/);
    expect(res.outputs.every((o) => o.parameters === undefined)).toBe(true);
  });

  it('binary inputs with JSON outputs, and JSON inputs with binary outputs', async () => {
    const request: InferenceRequest = { inputs: dtypeInputs({ nonFinite: false }) };
    const a = await oip.infer('dtypes', request, { binary: { inputs: true, outputs: false } });
    expectRoundTrip(request, a.outputs);
    expect(responseHeaderLengths.at(-1)).toBeNull();
    const b = await oip.infer('dtypes', request, { binary: { inputs: false, outputs: true } });
    expectRoundTrip(request, b.outputs);
    const sent = server.http.requests.at(-1)!;
    expect(sent.headers['inference-header-content-length']).toBeUndefined();
    expect((sent.json() as { parameters: Record<string, unknown> }).parameters.binary_data_output).toBe(true);
    expect(responseHeaderLengths.at(-1)).toMatch(/^\d+$/);
  });

  it('binary opt-in per client, JSON override per call', async () => {
    const bin = createOipClient({ baseURL: server.url, binary: true });
    const x: InputTensor<'FP32'> = { name: 'x', datatype: 'FP32', shape: [2, 4], data: new Float32Array(8).map((_, i) => i / 8) };
    const viaBinary = await bin.infer('mlp', { inputs: [x] });
    expect(server.http.requests.at(-1)!.headers['inference-header-content-length']).toBeDefined();
    const viaJson = await bin.infer('mlp', { inputs: [x] }, { binary: false });
    expect(server.http.requests.at(-1)!.headers['inference-header-content-length']).toBeUndefined();
    const p1 = outputOf(viaBinary, 'probs', 'FP32').data;
    const p2 = outputOf(viaJson, 'probs', 'FP32').data;
    expect(p1).toBeInstanceOf(Float32Array);
    expect([...p1]).toEqual([...p2]);
    expect(p1).toHaveLength(6);
  });

  it('standalone: infer speaks JSON only; inferBinary or a binaryCodec on the connection brings binary', async () => {
    const core = createClient({ baseURL: server.url });
    const x: InputTensor<'FP32'> = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
    const before = server.http.requests.length;
    const err = await infer(core, 'mlp', { inputs: [x] }, { binary: true }).then(unexpected, (e: unknown) => e as InvalidRequestError);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.path).toBe('binary');
    expect(err.message).toContain('inferBinary');
    expect(server.http.requests.length).toBe(before);

    const viaJson = await infer(core, 'mlp', { inputs: [x] });
    const viaBinary = await inferBinary(core, 'mlp', { inputs: [x] });
    const sent = server.http.requests.at(-1)!;
    expect(sent.headers['content-type']).toBe('application/octet-stream');
    expect((JSON.parse(sent.body.subarray(0, Number(sent.headers['inference-header-content-length'])).toString()) as { parameters: Record<string, unknown> }).parameters.binary_data_output).toBe(true);
    expect([...outputOf(viaBinary, 'probs', 'FP32').data]).toEqual([...outputOf(viaJson, 'probs', 'FP32').data]);
    // one direction only
    await inferBinary(core, 'mlp', { inputs: [x] }, { binary: { inputs: false, outputs: true } });
    expect(server.http.requests.at(-1)!.headers['content-type']).toBe('application/json');
    // the codec on a plain connection object
    const viaConn = await infer({ core, binaryCodec: binaryTensorCodec }, 'mlp', { inputs: [x] }, { binary: { inputs: true, outputs: false } });
    expect(server.http.requests.at(-1)!.headers['content-type']).toBe('application/octet-stream');
    expect([...outputOf(viaConn, 'probs', 'FP32').data]).toEqual([...outputOf(viaJson, 'probs', 'FP32').data]);
  });

  it('a JSON infer that gets a binary answer (an output asked binary_data) says to use inferBinary; the OIP client reads it', async () => {
    const x: InputTensor<'FP32'> = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
    const request: InferenceRequest = { inputs: [x], outputs: [{ name: 'probs', parameters: { binary_data: true } }] };
    const err = await infer(createClient({ baseURL: server.url }), 'mlp', request).then(unexpected, (e: unknown) => e as ResponseValidationError);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toContain('inferBinary');
    const res = await oip.infer('mlp', request);
    expect(responseHeaderLengths.at(-1)).toMatch(/^\d+$/);
    expect(outputOf(res, 'probs', 'FP32').data).toHaveLength(3);
  });

  it('BYTES inputs given as Uint8Array travel as UTF-8 (JSON) and raw bytes (binary)', async () => {
    const data = [new TextEncoder().encode('abc'), new TextEncoder().encode('ß')];
    for (const binary of [false, true]) {
      const res = await oip.infer('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data }] }, { binary });
      const upper = outputOf(res, 'upper', 'BYTES').data;
      expect(upper).toHaveLength(2);
      expect(upper[0]).toBe('ABC');
      expect(['SS', 'ß', 'ẞ']).toContain(upper[1]); // locale-dependent upper case of ß
    }
  });

  it('requested outputs, id and parameters are sent and honoured', async () => {
    const res = await oip.infer('two_io', {
      id: 'req-7',
      parameters: { priority: 1 },
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [1, 2], data: new Float32Array([1, 5]) },
        { name: 'b', datatype: 'INT32', shape: [1, 2], data: new Int32Array([2, 3]) },
      ],
      outputs: [{ name: 'gt' }],
    });
    expect(res.id).toBe('req-7');
    expect(res.outputs.map((o) => o.name)).toEqual(['gt']);
    expect([...outputOf(res, 'gt', 'BOOL').data]).toEqual([0, 1]);
    expect(() => outputOf(res, 'sum', 'FP32')).toThrow(ResponseValidationError);
  });
});

describe('infer: input checks before sending', () => {
  it('shape × element count mismatch names the tensor and sends nothing', async () => {
    const before = server.http.requests.length;
    const err = await oip
      .infer('two_io', {
        inputs: [
          { name: 'a', datatype: 'FP32', shape: [1, 2], data: new Float32Array(2) },
          { name: 'b', datatype: 'INT32', shape: [2, 2], data: new Int32Array(3) },
        ],
      })
      .then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('inputs[1].data');
    expect((err as Error).message).toContain('"b"');
    expect((err as Error).message).toContain('3 elements but shape [2,2] needs 4');
    expect(server.http.requests.length).toBe(before);
  });

  it('wrong container for the datatype, unknown datatype, NaN in JSON', async () => {
    const bad = (inputs: InputTensor[]) => oip.infer('mlp', { inputs }).then(unexpected, (e: unknown) => e as InvalidRequestError);
    const e1 = await bad([{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float64Array(4) as unknown as Float32Array }]);
    expect(e1).toBeInstanceOf(InvalidRequestError);
    expect(e1.message).toContain('Float32Array');
    const e2 = await bad([{ name: 'x', datatype: 'FLOAT' as 'FP32', shape: [1, 4], data: new Float32Array(4) }]);
    expect(e2.path).toBe('inputs[0].datatype');
    const e3 = await bad([{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, Number.NaN, 0, 0]) }]);
    expect(e3.path).toBe('inputs[0].data');
    expect(e3.message).toContain('inferBinary');
    const e4 = await bad([{ name: 'x', datatype: 'FP32', shape: [1, -4], data: new Float32Array(4) }]);
    expect(e4.path).toBe('inputs[0].shape[1]');
  });
});

describe('infer: server errors become typed errors', () => {
  it('{"error"} with 404 → NotFoundError, 400 → BadRequestError', async () => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) };
    const nf = await oip.infer('no-such-model', { inputs: [x] }).then(unexpected, (e: unknown) => e as NotFoundError);
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf.status).toBe(404);
    // the body's error text ends the message; the parsed body is kept (docs/oip.md, Errors)
    expect(nf.message).toBe(`oip.infer failed with HTTP 404: ${(nf.body as { error: string }).error}`);
    expect(nf.message).toContain("unknown model: 'no-such-model'");
    const wrongVersion = await oip.infer('mlp', { inputs: [x] }, { version: '9' }).then(unexpected, (e: unknown) => e);
    expect(wrongVersion).toBeInstanceOf(NotFoundError);
    expect(server.http.requests.at(-1)!.path).toBe('/v2/models/mlp/versions/9/infer');
    const br = await oip.infer('mlp', { inputs: [{ ...x, name: 'nope' }] }).then(unexpected, (e: unknown) => e as BadRequestError);
    expect(br).toBeInstanceOf(BadRequestError);
    expect(br.message).toContain("unexpected inference input 'nope'");
    expect(br.body).toEqual({ error: expect.stringContaining('nope') });
  });

  it('a response that breaks the protocol → ResponseValidationError with the path', async () => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) };
    server.http.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status: 200, body: { model_name: 'mlp', outputs: [{ name: 'probs', datatype: 'FP32', shape: [1, 3], data: [1, 2] }] } } });
    const err = await oip.infer('mlp', { inputs: [x] }).then(unexpected, (e: unknown) => e as ResponseValidationError);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'data']);
    expect(err.message).toContain('2 elements but shape [1,3] needs 3');
  });
});

describe('infer: retries (declared idempotent)', () => {
  it('is retried on 503 and succeeds; the server counts every attempt', async () => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
    const path = '/v2/models/mlp/infer';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'status', status: 503, body: { error: 'busy' } }, times: 2 });
    const res = await oip.infer('mlp', { inputs: [x] });
    expect(outputOf(res, 'probs', 'FP32').data).toHaveLength(3);
    expect(server.http.count(path) - before).toBe(3);
  });

  it('is retried after the server reset the connection once it had the body', async () => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
    const path = '/v2/models/mlp/infer';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'reset-after-body' } });
    await oip.infer('mlp', { inputs: [x] }, { binary: true });
    expect(server.http.count(path) - before).toBe(2);
  });

  it.each([false, true])('is retried after an answer cut half-way (binary: %s): the body is read inside each attempt', async (binary) => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
    const path = '/v2/models/mlp/infer';
    const before = server.http.count(path);
    const cut = { kind: 'reset-mid-body', headers: { 'content-type': 'application/json', 'content-length': '500' }, body: '{"model_name":"mlp","outputs":[{"name":' } as const;
    server.http.faults.push({ match: path, fault: cut });
    const res = await oip.infer('mlp', { inputs: [x] }, { binary });
    expect(outputOf(res, 'probs', 'FP32').data).toHaveLength(3);
    expect(server.http.count(path) - before).toBe(2);
  });

  it('gives up after the retry budget with the last typed error and its attempts', async () => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) };
    const path = '/v2/models/mlp/infer';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'status', status: 503, body: { error: 'still busy' } }, times: 3 });
    const err = await oip.infer('mlp', { inputs: [x] }).then(unexpected, (e: unknown) => e as InternalServerError);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.attempts).toBe(3);
    expect(err.message).toContain('still busy');
    expect(server.http.count(path) - before).toBe(3);
  });

  it('retry: false sends once', async () => {
    const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) };
    const path = '/v2/models/mlp/infer';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'reset-after-body' } });
    await expect(oip.infer('mlp', { inputs: [x] }, { retry: false })).rejects.toBeInstanceOf(ConnectionError);
    expect(server.http.count(path) - before).toBe(1);
  });
});

describe('infer: one deadline, abort, secrets', () => {
  const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) };

  it('a server that never answers → TimeoutError at the deadline', async () => {
    server.http.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'no-headers' } });
    const err = await oip.infer('mlp', { inputs: [x] }, { timeoutMs: 150, retry: false }).then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    // the call's own deadline ended it (not a transport's limit, nor a later timeout of the runtime's)
    expect(err).toMatchObject({ timeoutMs: 150, operation: 'oip.infer' });
  });

  it('a body that stalls after the headers → TimeoutError (the deadline covers the body read)', async () => {
    server.http.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'stall-body', headers: { 'content-type': 'application/json', 'content-length': '1000' }, body: '{"model_name":"mlp","outputs":[' } });
    const err = await oip.infer('mlp', { inputs: [x] }, { timeoutMs: 200, retry: false }).then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('a body cut off mid-way on every attempt → ConnectionError (typed, never a raw TypeError)', async () => {
    // once would be retried (the body is read inside each attempt): the client makes 3 attempts
    server.http.faults.push({ match: '/v2/models/mlp/infer', times: 3, fault: { kind: 'reset-mid-body', headers: { 'content-type': 'application/json', 'content-length': '500' }, body: '{"model_name":"mlp","outputs":[{"name":' } });
    const err = await oip.infer('mlp', { inputs: [x] }).then(unexpected, (e: unknown) => e as ConnectionError);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.operation).toBe('oip.infer');
  });

  it('the caller aborting → AbortError', async () => {
    server.http.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 500 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await oip.infer('mlp', { inputs: [x] }, { signal: ac.signal }).then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
  });

  it('the API key is sent but never appears in an error', async () => {
    const key = 'sk-test-SECRET-123456';
    const authed = createOipClient({ baseURL: server.url, apiKey: key, retry: false });
    const err = await authed.infer('ghost', { inputs: [x] }).then(unexpected, (e: unknown) => e as NotFoundError);
    // found by its path: the last request recorded may be an earlier test's aborted one, arriving late
    expect(server.http.requests.find((r) => r.path === '/v2/models/ghost/infer')?.headers.authorization).toBe(`Bearer ${key}`);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(JSON.stringify(err)).not.toContain(key);
    expect(inspect(err)).not.toContain(key);
    expect(err.message).not.toContain(key);
  });
});
