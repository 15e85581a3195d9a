/**
 * An embedding answer whose usage has only one of its two counts still yields its vectors: Jina's
 * OpenAI-compatible `/v1/embeddings` sends `usage: { total_tokens }` without `prompt_tokens`
 * (api7/aisix#474, CherryHQ/cherry-studio#15778), which strict validation refused, vectors and all.
 * An embedding call has no output tokens, so the two counts are the same number (OpenAI, TEI and
 * vLLM send them equal): the missing one is the other's, in every validation mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let usage: unknown;
beforeAll(async () => {
  server = await startTestServer((_req, res) =>
    json(res, 200, { object: 'list', model: 'jina-embeddings-v3', data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25] }], usage }),
  );
});
afterAll(() => server.close());

const MODES = ['strict', 'passthrough', 'off'] as const;
const embed = (validation: (typeof MODES)[number]) => createEmbedding(createClient({ baseURL: server.url, retry: false, validation }), { model: 'm', input: 'a' });

describe('embeddings usage with one count', () => {
  it.each(MODES)('only total_tokens (Jina), %s: the vectors, and prompt_tokens the same count', async (mode) => {
    usage = { total_tokens: 7 };
    const res = await embed(mode);
    expect(res.data[0]!.embedding).toEqual([0.5, -0.25]);
    expect(res.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });

  it.each(MODES)('only prompt_tokens, %s: total_tokens the same count', async (mode) => {
    usage = { prompt_tokens: 3 };
    expect((await embed(mode)).usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('both counts are kept as sent, even when they differ', async () => {
    usage = { prompt_tokens: 3, total_tokens: 4 };
    expect((await embed('strict')).usage).toEqual({ prompt_tokens: 3, total_tokens: 4 });
  });

  it('a count that is not a number is not copied: strict still names it', async () => {
    usage = { prompt_tokens: '3' };
    const err = await embed('strict').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['usage.prompt_tokens']));
  });
});
