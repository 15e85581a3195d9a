/**
 * What docs/oip.md says about compressed answers: the default fetch transport offers gzip and
 * deflate on every request (so Triton compresses its answers), undiciTransport offers none, and a
 * client `headers: { 'accept-encoding': 'identity' }` reaches the server on both. A binary answer
 * that comes back gzipped is split at its header length over the decoded body, as Triton counts it.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../src/index.js';
import { createOipClient } from '../../src/oip/index.js';
import { TRANSPORTS } from '../core/_support.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const request = { inputs: [{ name: 'x', shape: [2], datatype: 'FP32' as const, data: new Float32Array([1.5, -2]) }] };

/** Answers every infer with a binary FP32 output [3, 4], gzipped when the request offers gzip. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const tensor = Buffer.from(new Float32Array([3, 4]).buffer);
    const header = Buffer.from(JSON.stringify({ model_name: 'm', outputs: [{ name: 'y', datatype: 'FP32', shape: [2], parameters: { binary_data_size: tensor.length } }] }));
    const plain = Buffer.concat([header, tensor]);
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(header.length),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? gzipSync(plain) : plain);
  });
});
afterAll(() => server.close());

const offered = (): unknown => server.requests.at(-1)?.headers['accept-encoding'];

describe.each(TRANSPORTS)('%s transport', (name, makeTransport: () => Transport) => {
  it(`offers ${name === 'fetch' ? 'gzip and deflate' : 'no encoding'} by default, and the binary answer reads the same`, async () => {
    const oip = createOipClient({ baseURL: server.url, transport: makeTransport(), binary: true, retry: false });
    const answer = await oip.infer('m', request);
    expect(Array.from(answer.outputs[0]!.data as Float32Array)).toEqual([3, 4]);
    if (name === 'fetch') expect(offered()).toMatch(/gzip/);
    else expect(offered()).toBeUndefined();
  });

  it("sends the client's accept-encoding: identity instead, and gets a plain answer", async () => {
    const oip = createOipClient({ baseURL: server.url, transport: makeTransport(), binary: true, retry: false, headers: { 'accept-encoding': 'identity' } });
    const answer = await oip.infer('m', request);
    expect(Array.from(answer.outputs[0]!.data as Float32Array)).toEqual([3, 4]);
    expect(offered()).toBe('identity');
  });
});
