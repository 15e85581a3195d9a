/**
 * createEmbedding's decoding errors keep the answer with the call's credentials scrubbed.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const KEY = 'sk-review7-embeddings-0123456789abcdef';
let server: TestServer;
afterEach(() => server?.close());

it('an embedding that is not base64, in a response that echoes the key: body scrubbed', async () => {
  server = await startTestServer((req, res) => {
    const token = String(req.headers.authorization).slice('Bearer '.length);
    json(res, 200, { object: 'list', model: `m (key ${token})`, data: [{ object: 'embedding', index: 0, embedding: '!!!!' }], usage: { prompt_tokens: 1, total_tokens: 1 } });
  });
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const err = await rejectionOf(createEmbedding(client, { model: 'm', input: 'hi', encoding_format: 'base64' }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});
