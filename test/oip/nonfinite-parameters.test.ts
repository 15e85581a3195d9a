import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { InvalidRequestError } from '../../src/core/errors.js';
import { generate, generateStream, infer, inferBinary } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

// JSON.stringify writes NaN and ±Infinity as null. A parameter such as { threshold: NaN } went out
// as "threshold": null, so the server ran with another setting (or its default) and nobody knew.
// docs/oip.md: "JSON cannot carry NaN or ±Infinity ... these inputs throw InvalidRequestError";
// the same was just fixed for Replicate inputs (commit 2c7fa64). Nothing must be sent.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', text_output: 'x', outputs: [] }));
});
afterAll(() => server.close());

const x = { name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array([1]) };

describe('non-finite numbers in parameters are refused before anything is sent', () => {
  it.each([
    ['request parameters', { inputs: [x], parameters: { threshold: Number.NaN } }, 'parameters.threshold'],
    ['input parameters', { inputs: [{ ...x, parameters: { scale: Number.POSITIVE_INFINITY } }] }, 'inputs[0].parameters.scale'],
    ['output parameters', { inputs: [x], outputs: [{ name: 'y', parameters: { top_k: Number.NEGATIVE_INFINITY } }] }, 'outputs[0].parameters.top_k'],
  ])('infer: %s', async (_what, request, path) => {
    const client = createClient({ baseURL: server.url, retry: false });
    for (const call of [infer, inferBinary]) {
      const before = server.requests.length;
      const err = await call(client, 'm', request as Parameters<typeof infer>[2]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe(path);
      expect(server.requests.length).toBe(before);
    }
  });

  it('generate and generateStream: parameters.temperature NaN', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    for (const call of [generate, generateStream]) {
      const before = server.requests.length;
      const err = await (call as typeof generate)(client, 'm', { text_input: 'hi', parameters: { temperature: Number.NaN } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('parameters.temperature');
      expect(server.requests.length).toBe(before);
    }
  });
});
