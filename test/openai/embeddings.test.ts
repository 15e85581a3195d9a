import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { createEmbedding, createOpenAIClient, type OpenAIClient } from '../../src/openai/index.js';
import { float32ToBase64, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

// Vectors the test owns: the server encodes exactly these; the client must give them back bit for bit.
const DIMS = 1536;
function vectorFor(index: number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let j = 0; j < DIMS; j++) v[j] = Math.sin(index * 1000 + j) * 0.05 + (j % 7 === 0 ? -1e-7 : 0);
  return v;
}

let api: OpenAIServer;
let openai: OpenAIClient;
beforeAll(async () => {
  api = await startOpenAIServer({ conformance: true, embedding: (_input, index) => vectorFor(index) });
  openai = createOpenAIClient({ baseURL: api.baseURL, retry: false });
});
afterAll(async () => {
  await api.close();
  api.conformance!.assertNoViolations();
  api.conformance!.assertExercised(['createEmbedding']);
});

describe('embeddings.create', () => {
  it('float: number arrays', async () => {
    const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(res.object).toBe('list');
    expect(res.data).toHaveLength(2);
    const e: number[] = res.data[1]!.embedding;
    expect(Array.isArray(e)).toBe(true);
    expect(e).toEqual(Array.from(vectorFor(1)));
    expect(res.usage).toEqual({ prompt_tokens: 16, total_tokens: 16 });
  });

  it('base64: decoded straight into Float32Arrays equal to the encoded vectors', async () => {
    const res = await createEmbedding(openai.client, { model: 'text-embedding-3-small', input: ['a', 'b', 'c'], encoding_format: 'base64', dimensions: DIMS });
    const sent = api.server.requests.at(-1)!.json() as { encoding_format: string; input: string[] };
    expect(sent.encoding_format).toBe('base64');
    expect(res.data).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const got: Float32Array = res.data[i]!.embedding;
      expect(got).toBeInstanceOf(Float32Array);
      expect(got.length).toBe(DIMS);
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(vectorFor(i).buffer))).toBe(true);
    }
    // what the server writes for this request really is base64 text of these bytes
    const raw = (await (await fetch(`${api.baseURL}/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sent) })).json()) as {
      data: Array<{ embedding: unknown }>;
    };
    expect(raw.data[0]!.embedding).toBe(float32ToBase64(vectorFor(0)));
  });

  it('base64 requested but the server answers floats (Ollama): still Float32Array', async () => {
    api.options.flavor = 'ollama';
    try {
      const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'base64' });
      expect(res.data[0]!.embedding).toBeInstanceOf(Float32Array);
      expect(Array.from(res.data[0]!.embedding)).toEqual(Array.from(vectorFor(0)));
    } finally {
      api.options.flavor = 'openai';
    }
  });

  it('token-id input and input checks', async () => {
    const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: [1212, 318, 257] });
    expect(res.data).toHaveLength(1);
    await expect(openai.embeddings.create({ model: 'text-embedding-3-small', input: [] })).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'input' });
  });

  it('a corrupt base64 vector is a ResponseValidationError naming the item', async () => {
    api.server.setHandler((_req, res) => {
      const body = JSON.stringify({ object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: 'AAAA$AAA' }], usage: { prompt_tokens: 1, total_tokens: 1 } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    const err = await openai.embeddings.create({ model: 'm', input: 'x', encoding_format: 'base64' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.path).toEqual(['data', 0, 'embedding']);
  });
});
