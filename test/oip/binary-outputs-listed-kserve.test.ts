/**
 * Binary outputs asked for a request that lists its outputs. Triton reads the request-level
 * `binary_data_output` for every output without a `binary_data` of its own
 * (triton/extension_binary_data.md); KServe's Python server (kserve/protocol/infer_type.py,
 * `InferResponse.to_rest`) reads only each listed output's `binary_data` once the request lists
 * outputs, and refuses to write an FP16 output as JSON. So each listed output asks too (as
 * tritonclient's `InferRequestedOutput(binary_data=True)` does), and an output's own `binary_data`
 * still wins. The server below answers by KServe's rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { createOipClient, inferBinary, outputOf, type RequestedOutput } from '../../src/oip/index.js';
import { decodeInferRequest } from '../helpers/oip-server.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

type Head = { parameters?: Record<string, unknown>; outputs?: { name: string; parameters?: Record<string, unknown> }[] };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const header = req.headers['inference-header-content-length'];
    const head = decodeInferRequest(req.body, typeof header === 'string' ? header : undefined) as Head;
    // KServe: the listed outputs' own binary_data when outputs are listed, else binary_data_output
    const binary = (name: string): boolean =>
      head.outputs ? head.outputs.find((o) => o.name === name)?.parameters?.binary_data === true : head.parameters?.binary_data_output === true;
    const names = head.outputs?.map((o) => o.name) ?? ['half', 'count'];
    if (names.includes('half') && !binary('half')) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Sending FP16 data via JSON is not supported. Please use the binary data format for output half' }));
      return;
    }
    const tails: Buffer[] = [];
    const outputs = names.map((name) => {
      const t = name === 'half' ? { datatype: 'FP16', bytes: Buffer.from(Uint16Array.of(0x3c00, 0xc000).buffer), data: [] as number[] } : { datatype: 'INT32', bytes: Buffer.from(Int32Array.of(7).buffer), data: [7] };
      const shape = [t.datatype === 'FP16' ? 2 : 1];
      if (!binary(name)) return { name, datatype: t.datatype, shape, data: t.data };
      tails.push(t.bytes);
      return { name, datatype: t.datatype, shape, parameters: { binary_data_size: t.bytes.length } };
    });
    const json = Buffer.from(JSON.stringify({ model_name: 'm', outputs }));
    res.writeHead(200, tails.length ? { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(json.length) } : { 'content-type': 'application/json' });
    res.end(Buffer.concat([json, ...tails]));
  });
});
afterAll(() => server.close());

const inputs = [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }];
const lastHead = (): Head => {
  const req = server.requests.at(-1)!;
  const header = req.headers['inference-header-content-length'];
  return JSON.parse(req.body.subarray(0, header === undefined ? undefined : Number(header)).toString('utf8')) as Head;
};

describe('binary outputs asked for a request that lists its outputs', () => {
  it('each listed output asks binary_data too, so a KServe server answers the FP16 output in binary', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    const res = await inferBinary(client, 'm', { inputs, outputs: [{ name: 'half' }] });
    expect(outputOf(res, 'half', 'FP16').data).toEqual(Uint16Array.of(0x3c00, 0xc000));
    expect(lastHead().parameters).toEqual({ binary_data_output: true });
    expect(lastHead().outputs).toEqual([{ name: 'half', parameters: { binary_data: true } }]);
  });

  it('JSON inputs with binary outputs (OIP client) ask the same; an output saying binary_data: false stays JSON', async () => {
    const oip = createOipClient({ baseURL: server.url, retry: false });
    const outputs: RequestedOutput[] = [{ name: 'half', parameters: { priority: 1 } }, { name: 'count', parameters: { binary_data: false } }];
    const res = await oip.infer('m', { inputs, outputs }, { binary: { inputs: false, outputs: true } });
    expect(outputOf(res, 'half', 'FP16').data).toEqual(Uint16Array.of(0x3c00, 0xc000));
    expect(outputOf(res, 'count', 'INT32').data).toEqual(Int32Array.of(7));
    expect(lastHead().outputs).toEqual([
      { name: 'half', parameters: { binary_data: true, priority: 1 } },
      { name: 'count', parameters: { binary_data: false } },
    ]);
    // the caller's request is not changed
    expect(outputs[0]).toEqual({ name: 'half', parameters: { priority: 1 } });
  });

  it('without binary outputs the listed outputs are sent as given', async () => {
    const oip = createOipClient({ baseURL: server.url, retry: false });
    const res = await oip.infer('m', { inputs, outputs: [{ name: 'count' }] }, { binary: { inputs: true, outputs: false } });
    expect(outputOf(res, 'count', 'INT32').data).toEqual(Int32Array.of(7));
    expect(lastHead().outputs).toEqual([{ name: 'count' }]);
    expect(lastHead().parameters).toBeUndefined();
  });
});
