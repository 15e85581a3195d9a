/**
 * A cyclic `parameters` object (of an inference request, an input, or a generate request) failed with
 * a bare RangeError ("Maximum call stack size exceeded") out of the NaN/±Infinity check that walks it,
 * where every other request JSON cannot carry is an InvalidRequestError naming where it is (the core
 * refuses a cyclic body, Replicate a cyclic input). Nothing may be sent.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { generate, generateStream, infer } from '../../src/oip/index.js';
import { expectRefused } from '../core/_misuse.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });
const x = { name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array(1) };
function cyclic(): Record<string, unknown> {
  const inner: Record<string, unknown> = { a: 1 };
  const outer = { nested: { list: [inner] } };
  inner.back = outer;
  return outer;
}

it('generate and generateStream: a cycle in parameters is refused where it closes', async () => {
  await expectRefused(server, () => generate(client(), 'm', { text_input: 'hi', parameters: cyclic() }), /^parameters\.nested\.list\[0\]\.back$/);
  await expectRefused(server, () => generateStream(client(), 'm', { text_input: 'hi', parameters: cyclic() }), /^parameters\.nested\.list\[0\]\.back$/);
});

it('infer: a cycle in request or input parameters is refused', async () => {
  await expectRefused(server, () => infer(client(), 'm', { inputs: [x], parameters: cyclic() as never }), /^parameters\.nested\.list\[0\]\.back$/);
  await expectRefused(server, () => infer(client(), 'm', { inputs: [{ ...x, parameters: cyclic() as never }] }), /^inputs\[0\]\.parameters\.nested\.list\[0\]\.back$/);
});

it('an object shared by two fields (no cycle) goes out as JSON writes it', async () => {
  const shared = { k: 1 };
  await generate(client(), 'm', { text_input: 'hi', parameters: { a: shared, b: [shared, shared] } }).catch(() => undefined);
  const sent = JSON.parse(server.requests.at(-1)!.text()) as { parameters: unknown };
  if (JSON.stringify(sent.parameters) !== JSON.stringify({ a: shared, b: [shared, shared] })) throw new Error('shared object not sent as is');
});
