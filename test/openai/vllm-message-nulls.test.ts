/**
 * vLLM's non-streamed chat completion message. Its ChatMessage model (vllm/entrypoints/openai/
 * chat_completion/protocol.py) declares `refusal`, `annotations`, `audio` and `function_call`
 * as `… | None = None`, and the API server answers with `JSONResponse(content=generator.model_dump())`,
 * which keeps every None: each message carries `"annotations": null` (next to `refusal`, `audio`,
 * `function_call`, `reasoning` null and `tool_calls: []`). OpenAI's spec has `annotations` as an
 * array, and `strict` validation (the default) refused every such answer with a
 * ResponseValidationError at `choices.0.message.annotations`. It now reads as a message without
 * annotations, in every validation mode, like the LiteLLM proxy's `tool_calls: null`.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, openAIClientOptions } from '../../src/openai/index.js';
import { json, startTestServerPerTest, type TestServer } from '../helpers/test-server.js';

const startTestServer = startTestServerPerTest();
let server: TestServer | undefined;
const client = () => createClient(openAIClientOptions({ baseURL: `${server!.url}/v1`, retry: false }));
const messages = [{ role: 'user' as const, content: 'Hi' }];

/** A chat completion as vLLM's API server sends it (ChatCompletionResponse.model_dump()). */
const vllmAnswer = (message: Record<string, unknown>) => ({
  id: 'chatcmpl-9f1c2b7e4d',
  object: 'chat.completion',
  created: 1764755440,
  model: 'Qwen/Qwen3-8B',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: null, refusal: null, annotations: null, audio: null, function_call: null, tool_calls: [], reasoning: null, reasoning_content: null, ...message },
      logprobs: null,
      finish_reason: 'stop',
      stop_reason: null,
      token_ids: null,
    },
  ],
  service_tier: null,
  system_fingerprint: null,
  usage: { prompt_tokens: 9, total_tokens: 11, completion_tokens: 2, prompt_tokens_details: null },
  prompt_logprobs: null,
  prompt_token_ids: null,
  kv_transfer_params: null,
});

describe("vLLM's message with annotations: null", () => {
  for (const validation of ['strict', 'passthrough', 'off'] as const) {
    it(`${validation}: reads as a message without annotations, the rest as sent`, async () => {
      server = await startTestServer((_req, res) => json(res, 200, vllmAnswer({ content: 'Hello' })));
      const c = await createChatCompletion(client(), { model: 'Qwen/Qwen3-8B', messages }, { validation });
      const m = c.choices[0]!.message;
      expect(m.content).toBe('Hello');
      expect('annotations' in m).toBe(false);
      expect([m.refusal, m.audio, m.function_call, m.reasoning]).toEqual([null, null, null, null]);
      expect(c.usage?.total_tokens).toBe(11);
    });
  }

  it('a tool call answer keeps its calls', async () => {
    const call = { id: 'chatcmpl-tool-3b1f', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } };
    server = await startTestServer((_req, res) => json(res, 200, { ...vllmAnswer({ tool_calls: [call] }), choices: [{ ...vllmAnswer({ tool_calls: [call] }).choices[0], finish_reason: 'tool_calls' }] }));
    const c = await createChatCompletion(client(), { model: 'Qwen/Qwen3-8B', messages, tools: [{ type: 'function', function: { name: 'get_weather' } }] });
    expect(c.choices[0]?.message.tool_calls).toEqual([call]);
    expect(c.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('annotations an answer does carry are kept', async () => {
    const annotations = [{ type: 'url_citation', url_citation: { start_index: 0, end_index: 5, url: 'https://example.com/', title: 'Example' } }];
    server = await startTestServer((_req, res) => json(res, 200, vllmAnswer({ content: 'Hello', annotations })));
    const c = await createChatCompletion(client(), { model: 'Qwen/Qwen3-8B', messages });
    expect(c.choices[0]?.message.annotations).toEqual(annotations);
  });
});
