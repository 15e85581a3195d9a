/**
 * An embedding request's `dimensions` is the spec's positive integer (`type: integer, minimum: 1`):
 * `0`, `-1`, `2.5` or a string `'256'` are refused at `dimensions` before anything is sent (OpenAI
 * answers them with a 400; a server that reads 2.5 as 2 returns vectors of another length than asked).
 * A positive integer, `null` and no `dimensions` are sent as given.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('embeddings: dimensions', () => {
  it.each([0, -1, 2.5, '256', true, [256]])('dimensions %j is refused at dimensions', async (dimensions) => {
    const err = await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: 'x', dimensions: bad(dimensions) }), /^dimensions$/);
    expect(err.message).toContain('openai.embeddings.create: dimensions must be a positive integer');
  });

  it('a positive integer, null and no dimensions are sent as given', async () => {
    const before = box.server.requests.length;
    await createEmbedding(client(), { model: 'm', input: 'x', dimensions: 1 });
    await createEmbedding(client(), { model: 'm', input: 'x', dimensions: 3072 });
    await createEmbedding(client(), { model: 'm', input: 'x', dimensions: bad(null) });
    await createEmbedding(client(), { model: 'm', input: 'x' });
    const sent = box.server.requests.slice(before).map((r) => r.json() as { dimensions?: unknown });
    expect(sent.map((b) => ('dimensions' in b ? b.dimensions : 'absent'))).toEqual([1, 3072, null, 'absent']);
  });
});
