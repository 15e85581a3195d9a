/**
 * Usage detail counts sent as `null`. OpenAI's spec (`CompletionUsage`) has them as integers, but
 * compatible servers written in Python serialise their pydantic usage models with every unset
 * count as `null`: SGLang's `CompletionTokenUsageInfo` (`reasoning_tokens`, `image_tokens`:
 * `Optional[int] = None`) and `PromptTokenUsageInfo` (`cached_tokens`, `image_tokens`), vLLM builds
 * whose `completion_tokens_details` has `reasoning_tokens: 0, audio_tokens: null,
 * accepted_prediction_tokens: null, rejected_prediction_tokens: null`. `strict` validation refused
 * the whole answer (a ResponseValidationError at `usage.completion_tokens_details.audio_tokens`);
 * the counts now read as sent, `null` included, in chat completions, their streamed usage chunk
 * and legacy completions.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from '../../src/index.js';
import {
  accumulateChatStream,
  createChatCompletion,
  createCompletion,
  openAIClientOptions,
  streamChatCompletion,
  type CompletionUsage,
} from '../../src/openai/index.js';
import { json, sse, startTestServerPerTest, type TestServer } from '../helpers/test-server.js';

const startTestServer = startTestServerPerTest();
let server: TestServer | undefined;
const client = () => createClient(openAIClientOptions({ baseURL: `${server!.url}/v1`, retry: false }));
const messages = [{ role: 'user' as const, content: 'Hi' }];

const usage = {
  prompt_tokens: 14,
  completion_tokens: 272,
  total_tokens: 286,
  prompt_tokens_details: { cached_tokens: null, audio_tokens: null, text_tokens: null, image_tokens: null },
  completion_tokens_details: { reasoning_tokens: 200, audio_tokens: null, accepted_prediction_tokens: null, rejected_prediction_tokens: null, text_tokens: null },
};
const head = { id: 'chatcmpl-1', created: 1764755440, model: 'Qwen/Qwen3-8B' };

describe('usage detail counts sent as null', () => {
  it('are typed as number | null', () => {
    expectTypeOf<NonNullable<CompletionUsage['completion_tokens_details']>['audio_tokens']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<NonNullable<CompletionUsage['prompt_tokens_details']>['cached_tokens']>().toEqualTypeOf<number | null | undefined>();
  });

  it('a chat completion passes strict validation with its usage as sent', async () => {
    server = await startTestServer((_req, res) =>
      json(res, 200, { ...head, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: 'stop' }], usage }),
    );
    const c = await createChatCompletion(client(), { model: 'Qwen/Qwen3-8B', messages });
    expect(c.choices[0]?.message.content).toBe('Hello');
    expect(c.usage).toEqual(usage);
  });

  it('the usage chunk of a stream passes strict validation and reaches the accumulated completion', async () => {
    server = await startTestServer((_req, res) =>
      sse(res, [
        { ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: null }], usage: null },
        { ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null },
        { ...head, object: 'chat.completion.chunk', choices: [], usage },
        '[DONE]',
      ]),
    );
    const final = await accumulateChatStream(await streamChatCompletion(client(), { model: 'Qwen/Qwen3-8B', messages, stream_options: { include_usage: true } }));
    expect(final.choices[0]?.message.content).toBe('Hello');
    expect(final.usage).toEqual(usage);
  });

  it('a legacy completion passes strict validation with its usage as sent', async () => {
    server = await startTestServer((_req, res) =>
      json(res, 200, { ...head, object: 'text_completion', choices: [{ index: 0, text: ' there', logprobs: null, finish_reason: 'length' }], usage }),
    );
    const c = await createCompletion(client(), { model: 'Qwen/Qwen3-8B', prompt: 'Once' });
    expect(c.choices[0]?.text).toBe(' there');
    expect(c.usage).toEqual(usage);
  });
});
