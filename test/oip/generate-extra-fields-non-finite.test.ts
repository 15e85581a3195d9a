/**
 * Extra top-level fields of a generate request go to the model (Triton maps them to tensors), so a
 * NaN or ±Infinity in one of them is refused like one in parameters: JSON would send null. The
 * error's path names the field and the element; nothing is sent. Finite extras are sent unchanged.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { generate, generateStream } from '../../src/oip/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('generate: non-finite numbers in extra top-level fields', () => {
  it.each([
    ['a number', { text_input: 'hi', min_length: Number.POSITIVE_INFINITY }, /^min_length$/],
    ['an array element', { text_input: 'hi', bad_words_ids: [1, Number.NaN] }, /^bad_words_ids\[1\]$/],
    ['a nested field', { text_input: 'hi', sampling: { top_k: Number.NEGATIVE_INFINITY } }, /^sampling\.top_k$/],
  ])('%s is refused at its path, for generate and generateStream', async (_what, req, path) => {
    for (const call of [generate, generateStream]) await expectRefused(box.server, () => call(client(), 'llm', req), path);
  });

  it('finite extra fields and text_input are sent unchanged', async () => {
    const req = { id: 'r1', text_input: 'hi', min_length: 2, bad_words_ids: [1, 2], sampling: { top_k: 0 } };
    const before = box.server.requests.length;
    await generate(client(), 'llm', req);
    expect(box.server.requests.slice(before).map((r) => r.json())).toEqual([req]);
  });
});
