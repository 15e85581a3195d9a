/**
 * What docs/oip.md says of a binary BYTES output element that is not valid UTF-8: it is decoded as
 * text, each invalid byte sequence replaced by U+FFFD (TextDecoder's default), never refused; a
 * bad element does not spill into the next one, and a leading EF BB BF stays U+FEFF.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { inferBinary } from '../../src/oip/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const ELEMENTS = [Uint8Array.of(0x41, 0xff, 0x42), Uint8Array.of(0xc3), Uint8Array.of(0xef, 0xbb, 0xbf, 0x43), Uint8Array.of(0xe2, 0x82, 0xac)];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    const tail = Buffer.concat(ELEMENTS.flatMap((e) => [Buffer.from(Uint32Array.of(e.length).buffer), Buffer.from(e)]));
    const head = Buffer.from(JSON.stringify({ model_name: 'm', outputs: [{ name: 'y', datatype: 'BYTES', shape: [ELEMENTS.length], parameters: { binary_data_size: tail.length } }] }));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(head.length) });
    res.end(Buffer.concat([head, tail]));
  });
});
afterAll(() => server.close());

it('a binary BYTES output element that is not UTF-8 reads as text with U+FFFD for each invalid sequence', async () => {
  const client = createClient({ baseURL: server.url, retry: false });
  const res = await inferBinary(client, 'm', { inputs: [{ name: 's', datatype: 'BYTES', shape: [1], data: ['x'] }] });
  expect(res.outputs[0]!.data).toEqual(['A\uFFFDB', '\uFFFD', '\uFEFFC', '€']);
});
