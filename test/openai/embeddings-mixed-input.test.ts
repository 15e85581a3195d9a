/**
 * An embedding input array that mixes strings and token arrays (`['a', [1, 2]]`) is sent as given,
 * not refused: OpenAI's spec has no such form (its 400 then says so), but TEI's spec types `input`
 * as an array of string-or-token-array items and the llama.cpp server documents `["string1",
 * [12, 34, 56]]` as several prompts, and both are servers this client supports. An item no server
 * reads (an object, a token id that is no integer) is still refused at `input[i]` (param-type-checks).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { bad, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('embeddings: an input array of mixed items', () => {
  it('strings beside token arrays are sent as given (TEI, llama.cpp)', async () => {
    const before = box.server.requests.length;
    await createEmbedding(client(), { model: 'm', input: bad(['a', [1, 2]]) });
    expect(box.server.requests.slice(before).map((r) => (r.json() as { input: unknown }).input)).toEqual([['a', [1, 2]]]);
  });
});
