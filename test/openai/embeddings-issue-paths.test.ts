/**
 * createEmbedding names what was wrong: an input item refused before sending carries its index
 * (`input[i]`), and an answer whose structure cannot be walked (validation 'off' lets it through)
 * is a ResponseValidationError of `openai.embeddings.create` whose issue path points at the part
 * that is missing (`data`, `data[i]`, `data[i].embedding`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

describe('input items refused before sending, by index', () => {
  const box = useServer();
  const client = () => createClient({ baseURL: box.server.url, retry: false });

  it('an array of token ids holding a string is refused at its index', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: bad([[1, 2], [3, '4']]) }), /^input\[1\]$/);
  });

  it('a boolean after valid strings is refused at its index', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: bad(['a', 'b', true]) }), /^input\[2\]$/);
  });

  it('input that is neither a string nor an array is refused', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: bad(7) }), /^input$/);
  });
});

describe("answers that cannot be walked (validation 'off')", () => {
  let server: TestServer;
  let answer: unknown;
  beforeEach(async () => {
    server = await startTestServer((_req, res) => json(res, 200, answer));
  });
  afterEach(() => server.close());

  const item = (embedding: unknown, index = 0) => ({ object: 'embedding', index, embedding });
  const cases: Array<[string, unknown, 'float' | 'base64', Array<string | number>]> = [
    ['data missing', { object: 'list', model: 'm' }, 'float', ['data']],
    ['data an object', { object: 'list', model: 'm', data: { 0: item([1]) } }, 'base64', ['data']],
    ['a string item after a good one', { object: 'list', model: 'm', data: [item([1]), 'x'] }, 'float', ['data', 1]],
    ['an embedding that is a number, second item', { object: 'list', model: 'm', data: [item([1]), item(5, 1)] }, 'float', ['data', 1, 'embedding']],
    ['an embedding that is missing', { object: 'list', model: 'm', data: [{ object: 'embedding', index: 0 }] }, 'float', ['data', 0, 'embedding']],
  ];
  for (const [what, body, format, path] of cases) {
    it(`${what}: issue at ${JSON.stringify(path)}`, async () => {
      answer = body;
      const client = createClient({ baseURL: server.url, retry: false });
      const err = await createEmbedding(client, { model: 'm', input: 'x', encoding_format: format }, { validation: 'off' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseValidationError);
      const e = err as ResponseValidationError;
      expect(e.operation).toBe('openai.embeddings.create');
      expect(e.issues.map((i) => i.path)).toEqual([path]);
    });
  }

  it('a base64 vector that does not decode: the issue names the item and carries the decoder message', async () => {
    answer = { object: 'list', model: 'm', data: [item([1]), item('AAA', 1)] };
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await createEmbedding(client, { model: 'm', input: 'x', encoding_format: 'base64' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    const issue = (err as ResponseValidationError).issues[0]!;
    expect(issue.path).toEqual(['data', 1, 'embedding']);
    expect(issue.message.length).toBeGreaterThan(0);
  });
});
