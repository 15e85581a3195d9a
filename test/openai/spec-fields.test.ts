/**
 * Fields openai/openapi.yaml defines on responses that the types leave out and `strict`
 * validation (the default) therefore drops:
 * - `CompletionUsage.prompt_tokens_details.cache_write_tokens` (integer, the tokens written to the
 *   prompt cache, billed apart; spec `CompletionUsage`, shared by chat completions, chunks and
 *   legacy completions), while its siblings `cached_tokens`, `audio_tokens`, `text_tokens` and
 *   `image_tokens` are typed and kept;
 * - `Model.shutdown_date` (`string (date) | null`, spec `Model`, also in `ListModelsResponse`).
 * A user reading usage for cost accounting silently gets `undefined`.
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, listModels, openAIClientOptions, retrieveModel, type CompletionUsage, type Model } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const client = () => createClient(openAIClientOptions({ baseURL: `${server!.url}/v1`, retry: false }));

const usage = {
  prompt_tokens: 2048,
  completion_tokens: 10,
  total_tokens: 2058,
  prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0, cache_write_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};
const model = { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system', shutdown_date: '2027-01-15' };

describe('spec-defined response fields survive strict validation and are typed', () => {
  it('usage.prompt_tokens_details.cache_write_tokens', async () => {
    expectTypeOf<NonNullable<CompletionUsage['prompt_tokens_details']>>().toHaveProperty('cache_write_tokens');
    server = await startTestServer((_req, res) =>
      json(res, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1721172741,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage,
      }),
    );
    const res = await createChatCompletion(client(), { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.usage?.prompt_tokens_details).toEqual(usage.prompt_tokens_details);
  });

  it('Model.shutdown_date (retrieve and list)', async () => {
    expectTypeOf<Model>().toHaveProperty('shutdown_date');
    server = await startTestServer((req, res) => (req.path === '/v1/models' ? json(res, 200, { object: 'list', data: [model] }) : json(res, 200, model)));
    expect(await retrieveModel(client(), 'gpt-4o-mini')).toEqual(model);
    expect((await listModels(client())).data).toEqual([model]);
  });
});
