/**
 * Empty embedding input is refused before anything is sent: the spec's CreateEmbeddingRequest.input
 * "cannot be an empty string" and its token arrays have `minItems: 1`. OpenAI answers `''` with an
 * opaque 400 ("'$.input' is invalid"), SGLang, OpenRouter and Gemini's compatible endpoint refuse
 * `''`, `['']` and `[[]]` too, and a server that embeds them anyway returns a vector of nothing.
 * What is not empty (whitespace, a token id 0) is still sent, as is a completion's empty prompt.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createCompletion, createEmbedding } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('embeddings: empty input', () => {
  it("input '' is refused at input", async () => {
    const err = await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: '' }), /^input$/);
    expect(err.message).toMatch(/empty string/);
  });

  it('an empty string in an array of strings is refused at its element', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: ['a', ''] }), /^input\[1\]$/);
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: [''] }), /^input\[0\]$/);
  });

  it('an empty token array in an array of token arrays is refused at its element', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: [[]] }), /^input\[0\]$/);
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: bad([[1, 2], []]) }), /^input\[1\]$/);
  });

  it('what is not empty is sent as given: whitespace, token id 0, one-token arrays', async () => {
    const before = box.server.requests.length;
    await createEmbedding(client(), { model: 'm', input: ' ' });
    await createEmbedding(client(), { model: 'm', input: [0] });
    await createEmbedding(client(), { model: 'm', input: [[0], [5, 6]] });
    await createEmbedding(client(), { model: 'm', input: ['a', ' b'] });
    expect(box.server.requests.slice(before).map((r) => (r.json() as { input: unknown }).input)).toEqual([' ', [0], [[0], [5, 6]], ['a', ' b']]);
  });

  it("a completion's empty prompt is still sent (the spec's prompt strings default to '')", async () => {
    const before = box.server.requests.length;
    await createCompletion(client(), { model: 'm', prompt: '' });
    await createCompletion(client(), { model: 'm', prompt: ['', 'a'] });
    expect(box.server.requests.slice(before).map((r) => (r.json() as { prompt: unknown }).prompt)).toEqual(['', ['', 'a']]);
  });
});
