/**
 * OIP infer refuses a validation mode that is not one of the three before sending, like request().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError, type ValidationMode } from '../../src/index.js';
import { infer } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [] }));
});
afterAll(() => server.close());

describe('docs/core.md: an unknown validation mode is refused before sending', () => {
  it('infer with validation "bogus" rejects with InvalidRequestError (path validation) and sends nothing', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await infer(client, 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] }, { validation: 'bogus' as ValidationMode }).catch(
      (e: unknown) => e,
    );
    expect(server.count()).toBe(0);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('validation');
  });
});
