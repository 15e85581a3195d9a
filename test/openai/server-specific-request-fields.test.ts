/**
 * Request fields a compatible server adds to the OpenAI API (vLLM's `top_k` and
 * `chat_template_kwargs`, TGI's and Together's `repetition_penalty`) are sent unchanged when the
 * params are typed with them (docs/openai.md "Fields a server adds"): the request types stay closed,
 * so a misspelt OpenAI field in an object literal is a type error, and an intersection type says
 * which extra fields a call means to send (the type side: types.test-d.ts).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import {
  createChatCompletion,
  createCompletion,
  openAIClientOptions,
  type ChatCompletionCreateParamsNonStreaming,
  type ChatCompletionCreateParamsStreaming,
  type CompletionCreateParamsNonStreaming,
} from '../../src/openai/index.js';
import { json, sse, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

/** vLLM's sampling and template fields, as its OpenAI-compatible server reads them. */
interface VllmFields {
  top_k?: number;
  min_p?: number;
  repetition_penalty?: number;
  chat_template_kwargs?: Record<string, unknown>;
}

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1721172741,
  model: 'qwen3',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
};
const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1721172741, model: 'qwen3', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] };
const legacy = { id: 'cmpl-1', object: 'text_completion', created: 1721172741, model: 'qwen3', choices: [{ index: 0, text: 'hi', finish_reason: 'stop', logprobs: null }] };
const extras = { top_k: 20, min_p: 0.05, repetition_penalty: 1.1, chat_template_kwargs: { enable_thinking: false } };

describe('request fields a server adds are sent as given', () => {
  it('chat completions, non-streamed: the extras reach the server unchanged, beside the OpenAI fields', async () => {
    const server = await startServer((_req, res) => json(res, 200, completion));
    const client = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, retry: false }));
    const params: ChatCompletionCreateParamsNonStreaming & VllmFields = { model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], temperature: 0.7, ...extras };
    const answer = await createChatCompletion(client, params);
    expect(answer.choices[0]?.message.content).toBe('hi');
    expect(server.requests[0]?.json()).toEqual({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], temperature: 0.7, ...extras });
  });

  it('chat completions, streamed: the extras reach the server with stream: true', async () => {
    const server = await startServer((_req, res) => sse(res, [chunk, '[DONE]']));
    const client = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, retry: false }));
    const params: ChatCompletionCreateParamsStreaming & VllmFields = { model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], stream: true, ...extras };
    const text: string[] = [];
    for await (const c of await createChatCompletion(client, params)) text.push(c.choices[0]?.delta.content ?? '');
    expect(text.join('')).toBe('hi');
    expect(server.requests[0]?.json()).toMatchObject({ stream: true, ...extras });
  });

  it('legacy completions: the extras reach the server unchanged', async () => {
    const server = await startServer((_req, res) => json(res, 200, legacy));
    const client = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, retry: false }));
    const params: CompletionCreateParamsNonStreaming & VllmFields = { model: 'qwen3', prompt: 'hi', ...extras };
    await createCompletion(client, params);
    expect(server.requests[0]?.json()).toEqual({ model: 'qwen3', prompt: 'hi', ...extras });
  });

});
