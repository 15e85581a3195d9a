/**
 * vLLM's embeddings take two extra fields that change the bytes of a `base64` vector: `embed_dtype`
 * (float16, bfloat16, fp8 ...; float32 by default) and `endianness` (native, big, little). The
 * client decodes `base64` as little-endian float32 only, so a half-precision or big-endian vector
 * would come back as other numbers without an error: with `base64` those values are refused before
 * anything is sent. With `float` vectors (JSON numbers) they change nothing the client reads.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createEmbedding, type EmbeddingCreateParams } from '../../src/openai/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
type VllmParams = EmbeddingCreateParams & { embed_dtype?: string; endianness?: string };
const params = (extra: { embed_dtype?: string; endianness?: string }, encoding_format?: 'float' | 'base64'): VllmParams => ({ model: 'm', input: 'a', encoding_format, ...extra });

describe('vLLM embed_dtype and endianness with base64', () => {
  it.each(['float16', 'bfloat16', 'fp8_e4m3'])('embed_dtype %j with base64 is refused at embed_dtype', async (embed_dtype) => {
    const err = await expectRefused(box.server, () => createEmbedding(client(), params({ embed_dtype }, 'base64') as never), /^embed_dtype$/);
    expect(err.message).toMatch(/float32/);
  });

  it("endianness 'big' with base64 is refused at endianness", async () => {
    await expectRefused(box.server, () => createEmbedding(client(), params({ endianness: 'big' }, 'base64') as never), /^endianness$/);
  });

  it("what decodes as little-endian float32 is sent: embed_dtype 'float32', endianness 'little' or 'native', and any of them with float vectors", async () => {
    const before = box.server.requests.length;
    await createEmbedding(client(), params({ embed_dtype: 'float32', endianness: 'little' }, 'base64') as never);
    await createEmbedding(client(), params({ endianness: 'native' }, 'base64') as never);
    await createEmbedding(client(), params({ embed_dtype: 'float16', endianness: 'big' }, 'float') as never);
    await createEmbedding(client(), params({ embed_dtype: 'bfloat16' }) as never);
    const sent = box.server.requests.slice(before).map((r) => r.json() as VllmParams);
    expect(sent.map((b) => [b.encoding_format, b.embed_dtype, b.endianness])).toEqual([
      ['base64', 'float32', 'little'],
      ['base64', undefined, 'native'],
      ['float', 'float16', 'big'],
      [undefined, 'bfloat16', undefined],
    ]);
  });
});
