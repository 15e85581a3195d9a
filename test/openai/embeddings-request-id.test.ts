/**
 * docs/core.md, "Errors": a ResponseValidationError carries the request id of the response that did
 * not match. createEmbedding decoded its vectors (base64, and the walk of `data` that validation
 * 'off' leaves unchecked) after the call, so such an error lacked the answer's `x-request-id` that
 * a schema failure of the same answer has (listModels had the same gap, closed in d66db15).
 */
import { expect, it } from 'vitest';
import { createClient, ResponseValidationError, type Middleware } from '../../src/index.js';
import { createEmbedding } from '../../src/openai/index.js';
import { echoingServer } from './_echoing-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const OPERATION = 'openai.embeddings.create';
const box = echoingServer('req_emb_1');

const client = (middleware: Middleware[] = []) => createClient({ baseURL: box.server.url, retry: false, middleware });
const list = (data: unknown) => ({ object: 'list', model: 'm', data, usage: { prompt_tokens: 1, total_tokens: 1 } });

it('an embedding that is not base64: the issue at its path, with the request id', async () => {
  box.answer = list([{ object: 'embedding', index: 0, embedding: '!!!!' }]);
  const err = await rejectionOf(createEmbedding(client(), { model: 'm', input: 'hi', encoding_format: 'base64' }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(err).toMatchObject({ requestId: 'req_emb_1', operation: OPERATION });
  expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([['data', 0, 'embedding']]);
});

it.each([
  ['no data array', { object: 'list', model: 'm' }, ['data']],
  ['an item that is no object', list([7]), ['data', 0]],
  ['an embedding that is neither numbers nor base64', list([{ object: 'embedding', index: 0, embedding: 5 }]), ['data', 0, 'embedding']],
])("with validation 'off', %s: the request id too", async (_what, body, path) => {
  box.answer = body;
  const err = await rejectionOf(createEmbedding(client(), { model: 'm', input: 'hi' }, { validation: 'off' }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(err).toMatchObject({ requestId: 'req_emb_1', operation: OPERATION });
  expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([path]);
});

it('an answer that fails the schema keeps its request id as before', async () => {
  box.answer = list('nope');
  const err = await rejectionOf(createEmbedding(client(), { model: 'm', input: 'hi' }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(err).toMatchObject({ requestId: 'req_emb_1', operation: OPERATION });
});

it("a credential header the client's middleware sets, echoed in an answer that fails decoding, is scrubbed like the key", async () => {
  const TOKEN = 'tok-embeddings-middleware-0123456789';
  const auth: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-api-token': TOKEN } });
  box.answer = { ...list([{ object: 'embedding', index: 0, embedding: '!!!!' }]), model: 'm (token $token)' };
  const err = await rejectionOf(createEmbedding(client([auth]), { model: 'm', input: 'hi', encoding_format: 'base64' }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(TOKEN))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(TOKEN);
});
