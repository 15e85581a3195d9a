/**
 * createEmbedding's overloads promise `number[]` vectors unless `encoding_format: 'base64'` was
 * asked, and its TSDoc says a server that ignores `base64` "still yields Float32Arrays, so the type
 * holds". The converse is not handled: an answer whose `embedding` is a base64 string (the schema
 * accepts it in every case) is decoded into a `Float32Array` even when the overload typed the
 * result `CreateEmbeddingResponse<number[]>`, so `Array.isArray`, `.map` to non-numbers, JSON
 * round-trips (`{"0":1,...}`) and `push` all break on a value typed `number[]`.
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createEmbedding, openAIClientOptions, type CreateEmbeddingResponse } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const BASE64_ONE_TWO = Buffer.from(new Float32Array([1, 2]).buffer).toString('base64');

describe('createEmbedding: the vector is what the overload says', () => {
  it.each([{ encoding_format: 'float' as const }, {}])('a base64 answer to a float request (%o) is a number[]', async (format) => {
    server = await startTestServer((_req, res) =>
      json(res, 200, { object: 'list', model: 'e', data: [{ object: 'embedding', index: 0, embedding: BASE64_ONE_TWO }], usage: { prompt_tokens: 1, total_tokens: 1 } }),
    );
    const client = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, retry: false }));
    const res = await createEmbedding(client, { model: 'e', input: 'x', ...format });
    expectTypeOf(res).toEqualTypeOf<CreateEmbeddingResponse<number[]>>();
    const v = res.data[0]!.embedding;
    expect(Array.isArray(v)).toBe(true);
    expect(v).toEqual([1, 2]);
  });
});
