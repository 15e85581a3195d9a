/**
 * Stream accumulators against the shapes the spec gives the non-streamed answers
 * (../shared/specs/openai/openapi.yaml): `CreateCompletionResponse.choices[]` requires `logprobs`
 * (an object or null); `ChatCompletionResponseMessage.function_call` is `{ name, arguments }` and a
 * tool call needs an id.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { accumulateChatStream, accumulateCompletionStream, createChatCompletion, createCompletion } from '../../src/openai/index.js';
import { sse, startTestServer, type SseEventInput, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let events: SseEventInput[] = [];
beforeAll(async () => {
  server = await startTestServer((_req, res: ServerResponse) => sse(res, events));
});
afterAll(() => server.close());
const client = () => createClient({ baseURL: server.url, apiKey: 'k', retry: false });

describe('accumulateCompletionStream', () => {
  const chunk = (text: string, finish: string | null, logprobs: unknown) => ({
    id: 'cmpl-1',
    object: 'text_completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, text, finish_reason: finish, logprobs }],
  });

  it("joins the chunks' logprobs per choice", async () => {
    events = [
      chunk('Hel', null, { tokens: ['Hel'], token_logprobs: [-0.1], top_logprobs: [{ Hel: -0.1 }], text_offset: [0] }),
      chunk('lo', 'stop', { tokens: ['lo'], token_logprobs: [-0.2], top_logprobs: [{ lo: -0.2 }], text_offset: [3] }),
      '[DONE]',
    ] as SseEventInput[];
    const final = await accumulateCompletionStream(await createCompletion(client(), { model: 'm', prompt: 'x', logprobs: 1, stream: true }));
    expect(final.choices).toEqual([
      {
        index: 0,
        text: 'Hello',
        finish_reason: 'stop',
        logprobs: { tokens: ['Hel', 'lo'], token_logprobs: [-0.1, -0.2], top_logprobs: [{ Hel: -0.1 }, { lo: -0.2 }], text_offset: [0, 3] },
      },
    ]);
  });

  it('gives logprobs null when no chunk carried any, and joins a plain number array (TGI)', async () => {
    events = [chunk('a', null, null), chunk('b', 'length', null), '[DONE]'] as SseEventInput[];
    const plain = await accumulateCompletionStream(await createCompletion(client(), { model: 'm', prompt: 'x', stream: true }));
    expect(plain.choices).toEqual([{ index: 0, text: 'ab', finish_reason: 'length', logprobs: null }]);
    events = [chunk('a', null, [-0.5]), chunk('b', 'length', [-0.25]), '[DONE]'] as SseEventInput[];
    const tgi = await accumulateCompletionStream(await createCompletion(client(), { model: 'm', prompt: 'x', stream: true }));
    expect(tgi.choices[0]?.logprobs).toEqual([-0.5, -0.25]);
  });
});

describe('accumulateChatStream', () => {
  it('joins deprecated function_call deltas into message.function_call, not into a tool call without an id', async () => {
    const base = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm' };
    events = [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '' } }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { function_call: { arguments: '{"city":' } }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { function_call: { arguments: '"Paris"}' } }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'function_call' }] },
      '[DONE]',
    ] as SseEventInput[];
    const final = await accumulateChatStream(await createChatCompletion(client(), { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true }));
    const message = final.choices[0]!.message;
    expect(message.function_call).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(message.tool_calls).toBeUndefined();
    expect(final.choices[0]!.finish_reason).toBe('function_call');
  });
});
