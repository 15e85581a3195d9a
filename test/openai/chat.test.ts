import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, InvalidRequestError, StreamError, createClient, type Client } from '../../src/index.js';
import {
  accumulateChatStream,
  createChatAccumulator,
  createChatCompletion,
  createOpenAIClient,
  streamChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionCreateParamsNonStreaming,
  type OpenAIClient,
} from '../../src/openai/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { TOOL_CALLS, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const KEY = 'sk-test-chat-0123456789';
let api: OpenAIServer;
let openai: OpenAIClient;
let client: Client;

beforeAll(async () => {
  api = await startOpenAIServer({ apiKey: KEY, conformance: true });
  openai = createOpenAIClient({ baseURL: api.baseURL, apiKey: KEY, retry: false });
  client = openai.client;
});
afterAll(async () => {
  await api.close();
  api.conformance!.assertNoViolations();
  api.conformance!.assertExercised(['createChatCompletion']);
});

const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('chat.completions.create (JSON)', () => {
  it('returns a typed completion and sends the request as given', async () => {
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'Be terse.' },
        { role: 'system', content: [{ type: 'text', text: 'You are helpful.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image and this clip?' },
            { type: 'image_url', image_url: { url: 'https://example.com/boardwalk.jpg', detail: 'low' } },
            { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEA', format: 'wav' } },
          ],
          name: 'alice',
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"answer":42}' },
      ],
      temperature: 0.3,
      top_p: 0.9,
      max_completion_tokens: 64,
      frequency_penalty: 0.1,
      presence_penalty: -0.1,
      logit_bias: { '50256': -100 },
      seed: 7,
      stop: ['\n\n', 'END'],
      n: 1,
      user: 'user-1234',
      metadata: { team: 'search' },
      response_format: { type: 'json_object' },
      parallel_tool_calls: false,
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: false } }],
      tool_choice: 'none',
    };
    const completion = await createChatCompletion(client, params);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message).toEqual({ role: 'assistant', content: 'Hello! How can I help you today?', refusal: null, annotations: [] });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBe(29);
    expect(completion.system_fingerprint).toBe('fp_44709d6fcb');
    const sent = api.server.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.json()).toEqual(params);
  });

  it('returns tool calls and logprobs; n choices', async () => {
    const tools = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather in Paris and time in Tokyo?' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { timezone: { type: 'string' } } } } },
      ],
      tool_choice: 'auto',
    });
    expect(tools.choices[0]?.finish_reason).toBe('tool_calls');
    expect(tools.choices[0]?.message.content).toBeNull();
    expect(tools.choices[0]?.message.tool_calls).toEqual(TOOL_CALLS.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })));

    const two = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, n: 2, logprobs: true, top_logprobs: 2 });
    expect(two.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(two.choices[0]?.logprobs?.content?.[0]).toMatchObject({ token: 'Hello! ', logprob: -0.1 });
  });

  it('rejects bad input before sending, naming the field', async () => {
    const before = api.server.requests.length;
    await expect(createChatCompletion(client, { model: '', messages })).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'model' });
    await expect(createChatCompletion(client, { model: 'gpt-4o-mini', messages: [] })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(createChatCompletion(client, { model: 'gpt-4o-mini', messages: [null as never] })).rejects.toMatchObject({ path: 'messages[0].role' });
    expect(api.server.requests.length).toBe(before);
  });

  it('maps a 401 to AuthenticationError without leaking the key', async () => {
    const bad = createOpenAIClient({ baseURL: api.baseURL, apiKey: 'sk-wrong-key-abcdef', retry: false });
    const err = await bad.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const e = err as AuthenticationError;
    expect(e.status).toBe(401);
    expect(e.message).toContain('Incorrect API key provided');
    expect(e.requestId).toBe('req_401');
    expect((e.body as { error: { code: string } }).error.code).toBe('invalid_api_key');
    const everything = `${e.message} ${JSON.stringify(e)} ${inspect(e)}`;
    expect(everything).not.toContain('sk-wrong-key-abcdef');
  });
});

describe('chat.completions.create (stream)', () => {
  it('streams typed chunks ending at [DONE] and accumulates content and usage', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    const seen: ChatCompletionChunk[] = [];
    const final = await accumulateChatStream(stream, (c) => seen.push(c));
    expect(seen[0]?.object).toBe('chat.completion.chunk');
    expect(seen.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello! How can I help you today?');
    expect(seen.at(-1)?.choices).toEqual([]);
    expect(seen.at(-1)?.usage?.total_tokens).toBe(29);
    expect(final.choices).toHaveLength(1);
    expect(final.choices[0]?.message).toEqual({ role: 'assistant', content: 'Hello! How can I help you today?', refusal: null });
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 });
    expect(final.id).toBe('chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG');
    expect(final.model).toBe('gpt-4o-mini');
    const sent = api.server.requests.at(-1)!;
    expect(sent.headers.accept).toBe('text/event-stream');
    expect(sent.json()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('without include_usage the accumulated completion has no usage', async () => {
    const final = await accumulateChatStream(await streamChatCompletion(client, { model: 'gpt-4o-mini', messages }));
    expect(final.usage).toBeUndefined();
    expect(final.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    // standalone: sends stream: true itself without changing the caller's params
    const sent = api.server.requests.at(-1)!;
    expect(sent.headers.accept).toBe('text/event-stream');
    expect(sent.json()).toMatchObject({ model: 'gpt-4o-mini', stream: true });
  });

  it('streamChatCompletion rejects bad input before sending, naming the field', async () => {
    const before = api.server.requests.length;
    const params = { model: '', messages };
    await expect(streamChatCompletion(client, params)).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'model', operation: 'openai.chat.completions.create' });
    await expect(streamChatCompletion(client, { model: 'gpt-4o-mini', messages: [{} as never] })).rejects.toMatchObject({ path: 'messages[0].role' });
    await expect(streamChatCompletion(client, null as never)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(params).toEqual({ model: '', messages });
    expect(api.server.requests.length).toBe(before);
  });

  it('assembles interleaved tool-call deltas by index', async () => {
    const stream = await openai.chat.completions.stream({
      model: 'tool-model',
      messages: [{ role: 'user', content: 'Weather in Paris and time in Tokyo?' }],
      tools: [{ type: 'function', function: { name: 'get_weather' } }, { type: 'function', function: { name: 'get_time' } }],
    });
    const acc = createChatAccumulator();
    let deltas = 0;
    for await (const chunk of stream) {
      deltas += chunk.choices[0]?.delta.tool_calls?.length ?? 0;
      acc.add(chunk);
    }
    expect(deltas).toBeGreaterThan(4);
    const final = acc.result();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.content).toBe('');
    expect(final.choices[0]?.message.tool_calls).toEqual(TOOL_CALLS.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })));
    for (const call of final.choices[0]!.message.tool_calls!) if (call.type === 'function') expect(() => JSON.parse(call.function.arguments)).not.toThrow();
  });

  it('accumulates n > 1 choices and logprobs separately', async () => {
    const final = await accumulateChatStream(await streamChatCompletion(client, { model: 'gpt-4o-mini', messages, n: 2, logprobs: true }));
    expect(final.choices.map((c) => c.message.content)).toEqual(['Hello! How can I help you today?', 'Hello! How can I help you today?']);
    expect(final.choices[1]?.logprobs?.content?.map((l) => l.token).join('')).toBe('Hello! How can I help you today?');
  });

  it('accumulates a streamed refusal', async () => {
    const final = await accumulateChatStream(await streamChatCompletion(client, { model: 'refuse-model', messages }));
    expect(final.choices[0]?.message.refusal).toBe("I'm sorry, I can't help with that.");
    expect(final.choices[0]?.message.content).toBe('');
  });

  for (const model of ['error-mid-stream', 'error-event', 'vllm-error']) {
    it(`turns an error inside the stream into a StreamError (${model})`, async () => {
      const stream = await createChatCompletion(client, { model, messages, stream: true });
      const got: string[] = [];
      const err = await (async () => {
        for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? '');
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StreamError);
      const e = err as StreamError;
      expect(e.code).toBe('stream');
      expect(e.operation).toBe('openai.chat.completions.create');
      expect(e.message).toMatch(/server had an error|overloaded|CUDA out of memory/);
      expect(e.event).toBeTypeOf('object');
      expect(got.join('')).toBe('Hello! How ');
    });
  }

  it('accumulateChatStream rejects with the StreamError', async () => {
    const stream = await createChatCompletion(client, { model: 'error-mid-stream', messages, stream: true });
    await expect(accumulateChatStream(stream)).rejects.toMatchObject({ code: 'stream', event: { error: { type: 'server_error' } } });
  });

  it('aborting the signal mid-stream ends it with AbortError', async () => {
    api.options.streamDelayMs = 20;
    try {
      const controller = new AbortController();
      const stream = await createChatCompletion(client, { model: 'gpt-4o-mini', messages, stream: true }, { signal: controller.signal });
      let seen = 0;
      const err = await (async () => {
        for await (const _ of stream) {
          seen++;
          controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'AbortError', code: 'aborted' });
      expect(seen).toBe(1);
    } finally {
      api.options.streamDelayMs = 0;
    }
  });

  it('the bound client does not expose the API key', () => {
    expect(JSON.stringify(openai)).not.toContain(KEY);
    expect(inspect(openai, { depth: 5 })).not.toContain(KEY);
  });

  it('breaking out of the loop releases the connection (undici transport)', async () => {
    const fast = createClient({ baseURL: api.baseURL, apiKey: KEY, transport: undiciTransport({ connections: 1 }) });
    const stream = await createChatCompletion(fast, { model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream) break;
    // the single pooled connection is usable again
    const again = await createChatCompletion(fast, { model: 'gpt-4o-mini', messages });
    expect(again.choices[0]?.message.content).toBe('Hello! How can I help you today?');
  });
});
