/**
 * A BYTES element is bytes (inference_rest.md: "BYTES | Variable"; extension_binary_data.md: "a
 * 4-byte unsigned integer giving the length followed by the actual bytes"). One that starts with
 * EF BB BF (the UTF-8 encoding of U+FEFF) must keep those bytes: a `TextDecoder` strips a leading
 * byte order mark unless told `ignoreBOM`, which would drop them silently
 *  - from a `Uint8Array` input element sent as JSON text (the server got "A" for EF BB BF 41);
 *  - from each BYTES output element read from a binary answer (the caller got "A", where the same
 *    answer in JSON gives "\uFEFFA": docs/oip.md, an output looks the same whichever encoding carried it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { infer, inferBinary } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const BOM_A = Uint8Array.of(0xef, 0xbb, 0xbf, 0x41); // U+FEFF then "A"

/** What the server answers next: JSON, or a binary answer whose one BYTES output holds `element`. */
let mode: 'json' | 'binary' = 'json';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    if (mode === 'json') return json(res, 200, { model_name: 'm', outputs: [{ name: 'y', datatype: 'BYTES', shape: [1], data: ['\uFEFFA'] }] });
    const tail = Buffer.concat([Buffer.from(Uint32Array.of(BOM_A.length).buffer), Buffer.from(BOM_A)]);
    const head = Buffer.from(JSON.stringify({ model_name: 'm', outputs: [{ name: 'y', datatype: 'BYTES', shape: [1], parameters: { binary_data_size: tail.length } }] }));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(head.length) });
    res.end(Buffer.concat([head, tail]));
  });
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

describe('a BYTES element that starts with EF BB BF keeps those bytes', () => {
  it('a Uint8Array input element sent as JSON reaches the server as "\\uFEFFA"', async () => {
    mode = 'json';
    server.reset();
    await infer(client(), 'm', { inputs: [{ name: 's', datatype: 'BYTES', shape: [1], data: [BOM_A] }] });
    const sent = server.requests[0]!.json() as { inputs: { data: string[] }[] };
    expect(sent.inputs[0]!.data).toEqual(['\uFEFFA']);
  });

  it('a binary BYTES output element reads as "\\uFEFFA", as the same output does in JSON', async () => {
    const request = { inputs: [{ name: 's', datatype: 'BYTES' as const, shape: [1], data: ['x'] }] };
    mode = 'json';
    expect((await inferBinary(client(), 'm', request)).outputs[0]!.data).toEqual(['\uFEFFA']);
    mode = 'binary';
    expect((await inferBinary(client(), 'm', request)).outputs[0]!.data).toEqual(['\uFEFFA']);
  });
});
