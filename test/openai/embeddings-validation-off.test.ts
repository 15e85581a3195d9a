/**
 * createEmbedding with validation 'off' walks the unchecked body (data[], embedding): a body
 * without that structure must end as a ResponseValidationError (as parseChatCompletion does,
 * test/openai/parse-validation-off.test.ts), never as a bare TypeError out of the SDK's code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, isModelwireError, ResponseValidationError } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let answer: unknown;
beforeEach(async () => {
  server = await startTestServer((_req, res) => json(res, 200, answer));
});
afterEach(() => server.close());

describe('openai createEmbedding with validation off', () => {
  for (const [what, body, format] of [
    ['a JSON null body', null, 'float'],
    ['a null item in data', { object: 'list', model: 'm', data: [null] }, 'float'],
    ['a null embedding with base64', { object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: null }] }, 'base64'],
  ] as const) {
    it(`${what}: a ResponseValidationError, not a TypeError`, async () => {
      answer = body;
      const client = createClient({ baseURL: server.url, retry: false });
      const err = await createEmbedding(client, { model: 'm', input: 'x', encoding_format: format }, { validation: 'off' }).catch((e: unknown) => e);
      expect(isModelwireError(err), String(err)).toBe(true);
      expect(err).toBeInstanceOf(ResponseValidationError);
    });
  }
});
