/**
 * A cyclic `parameters` object (of an inference request, an input, or a generate request) failed with
 * a bare RangeError ("Maximum call stack size exceeded") out of the NaN/±Infinity check that walks it,
 * where every other request JSON cannot carry is an InvalidRequestError naming where it is (the core
 * refuses a cyclic body, Replicate a cyclic input). Nothing may be sent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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

// A BigInt (say a 64-bit Triton sequence_id) failed with a bare TypeError out of JSON.stringify,
// no operation, no path; repository load already refused it as InvalidRequestError.
it('a BigInt in parameters is refused where it is, naming the way out', async () => {
  const err = await expectRefused(server, () => infer(client(), 'm', { inputs: [x], parameters: { sequence_id: 2n ** 63n - 1n } as never }), /^parameters\.sequence_id$/);
  expect(err.message).toMatch(/parameters\.sequence_id is a BigInt.*string/);
  await expectRefused(server, () => infer(client(), 'm', { inputs: [{ ...x, parameters: { ids: [1n] } as never }] }), /^inputs\[0\]\.parameters\.ids\[0\]$/);
  await expectRefused(server, () => generate(client(), 'm', { text_input: 'hi', parameters: { seed: 7n } as never }), /^parameters\.seed$/);
});
