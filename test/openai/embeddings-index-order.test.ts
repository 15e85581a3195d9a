/**
 * The embeddings come back in the order the server sent them, each with its `index` (the position of
 * its input), in every validation mode: a server that answers out of order (a batching proxy, a
 * server that completes inputs as they finish) is read by `index`, not by position.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { float32ToBase64 } from '../helpers/openai-server.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const base64 = (req.json() as { encoding_format?: string }).encoding_format === 'base64';
    const vec = (x: number) => (base64 ? float32ToBase64(new Float32Array([x])) : [x]);
    json(res, 200, {
      object: 'list',
      model: 'm',
      data: [2, 0, 1].map((i) => ({ object: 'embedding', index: i, embedding: vec(i + 0.5) })),
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });
});
afterAll(() => server.close());

describe('embeddings out of order', () => {
  it.each(['strict', 'passthrough', 'off'] as const)('%s: the order as sent, every index kept with its vector', async (validation) => {
    const client = createClient({ baseURL: server.url, retry: false, validation });
    const floats = await createEmbedding(client, { model: 'm', input: ['a', 'b', 'c'] });
    expect(floats.data.map((d) => [d.index, d.embedding[0]])).toEqual([[2, 2.5], [0, 0.5], [1, 1.5]]);
    const packed = await createEmbedding(client, { model: 'm', input: ['a', 'b', 'c'], encoding_format: 'base64' });
    expect(packed.data.map((d) => [d.index, d.embedding[0]])).toEqual([[2, 2.5], [0, 0.5], [1, 1.5]]);
  });
});
