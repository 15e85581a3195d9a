import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { InvalidRequestError } from '../../src/core/errors.js';
import { binaryTensorCodec, inferBinary } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

// inferBinary (and binaryTensorCodec.infer) are declared to return a Promise, and docs/oip.md says a
// bad input "throws InvalidRequestError" before anything is sent. They were plain functions, so a bad
// request threw synchronously out of the call instead of rejecting: `inferBinary(...).catch(h)` never
// reached `h`, and a caller collecting promises (Promise.allSettled) crashed instead.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [] }));
});
afterAll(() => server.close());

const bad = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [2, 4], data: new Float32Array(6) }] };
const good = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array(1) }] };

describe('binary infer rejects, never throws synchronously', () => {
  it.each([
    ['inferBinary, bad shape', (c: ReturnType<typeof createClient>) => inferBinary(c, 'm', bad)],
    ['inferBinary, empty model name', (c: ReturnType<typeof createClient>) => inferBinary(c, '', good)],
    ['binaryTensorCodec.infer, bad shape', (c: ReturnType<typeof createClient>) => binaryTensorCodec.infer({ core: c }, 'm', bad, { binary: true })],
  ])('%s', async (_what, call) => {
    const client = createClient({ baseURL: server.url, retry: false });
    let promise: Promise<unknown> | undefined;
    let thrown: unknown;
    try {
      promise = call(client);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeUndefined();
    await expect(promise).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.requests.length).toBe(0);
  });
});
