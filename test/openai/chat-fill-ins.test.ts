/**
 * normalizeChatCompletion, the fill-ins after validation (docs/openai.md, "Compatible servers" and
 * the TSDoc): `message.content` and `finish_reason` become `null` when absent, tool-call and
 * `function_call` `arguments` sent as an object (TGI 2.x) become its JSON text (an absent one `{}`),
 * a `tool_calls: null` (the LiteLLM proxy) is removed, and what needs no fill-in (string arguments,
 * custom tool calls) is left as it is. Run through
 * createChatCompletion on a loopback server under the default strict validation.
 *
 * With validation 'off' ("`off` skips the check") the body comes back as the server sent it: the
 * fill-ins skip what is not an object. A `null` choice or tool call, or a `function`/`function_call`
 * that is a string, used to throw a bare TypeError out of createChatCompletion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, normalizeChatCompletion, openAIClientOptions } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const head = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm' };
const completion = async (body: unknown, validation?: 'off') => {
  server = await startTestServer((_req, res) => json(res, 200, body));
  return createChatCompletion(createClient(openAIClientOptions({ baseURL: server.url, retry: false, validation })), params);
};
const answer = async (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  (await completion({ ...head, choices: [{ index: 0, message: { role: 'assistant', ...message }, ...extra }] })).choices[0]!;

describe('chat completion fill-ins', () => {
  it('an absent finish_reason and content become null', async () => {
    const choice = await answer({});
    expect(choice.finish_reason).toBeNull();
    expect(choice.message.content).toBeNull();
  });

  it('a present finish_reason and content are kept', async () => {
    const choice = await answer({ content: 'Hi' }, { finish_reason: 'eos_token' });
    expect(choice.finish_reason).toBe('eos_token');
    expect(choice.message.content).toBe('Hi');
  });

  it.each(['strict', 'passthrough', 'off'] as const)("tool_calls: null (the LiteLLM proxy's plain replies, next to function_call: null) is read as no tool calls (%s)", async (validation) => {
    server = await startTestServer((_req, res) =>
      json(res, 200, { ...head, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi', tool_calls: null, function_call: null } }] }),
    );
    const done = await createChatCompletion(createClient(openAIClientOptions({ baseURL: server.url, retry: false, validation })), params);
    const message = done.choices[0]!.message;
    expect(message.content).toBe('Hi');
    expect('tool_calls' in message).toBe(false);
    expect(message.tool_calls ?? []).toEqual([]);
  });

  it('deprecated function_call arguments sent as an object become JSON text; string arguments are kept', async () => {
    const object = await answer({ content: null, function_call: { name: 'get_weather', arguments: { city: 'Paris' } } }, { finish_reason: 'function_call' });
    expect(object.message.function_call).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    const text = await answer({ content: null, function_call: { name: 'get_weather', arguments: '{"city": "Paris"}' } }, { finish_reason: 'function_call' });
    expect(text.message.function_call).toEqual({ name: 'get_weather', arguments: '{"city": "Paris"}' });
  });

  it('a custom tool call is left as sent next to a function call whose object arguments become JSON text', async () => {
    const custom = { id: 'call_c', type: 'custom', custom: { name: 'sql', input: 'SELECT 1' } };
    const choice = await answer(
      { content: null, tool_calls: [custom, { id: 'call_f', type: 'function', function: { name: 'get_time', arguments: { tz: 'UTC' } } }] },
      { finish_reason: 'tool_calls' },
    );
    expect(choice.message.tool_calls).toEqual([custom, { id: 'call_f', type: 'function', function: { name: 'get_time', arguments: '{"tz":"UTC"}' } }]);
  });
});

describe('normalizeChatCompletion', () => {
  it('absent or null arguments become "{}", in a tool call and in function_call', () => {
    const value = {
      ...head,
      object: 'chat.completion' as const,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          logprobs: null,
          message: {
            role: 'assistant' as const,
            refusal: null,
            tool_calls: [{ id: 'a', type: 'function' as const, function: { name: 'f', arguments: null } }],
            function_call: { name: 'g', arguments: undefined },
          },
        },
      ],
    };
    const out = normalizeChatCompletion(value);
    expect(out).toBe(value); // in place
    expect(out.choices[0]!.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }],
      function_call: { name: 'g', arguments: '{}' },
    });
  });
});

describe("chat completion fill-ins with validation 'off'", () => {
  it.each([
    ['a null choice', [null]],
    ['a choice that is a string', ['stop']],
    ['a choice whose message is null', [{ index: 0, finish_reason: 'stop', message: null }]],
    ['a null tool call', [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [null] } }]],
    ['a tool call whose function is a string', [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: 'f' }] } }]],
    ['a function_call that is a string', [{ index: 0, finish_reason: 'function_call', message: { role: 'assistant', content: null, function_call: 'f' } }]],
  ])('%s passes through as sent instead of throwing a TypeError', async (_what, choices) => {
    const body = { ...head, choices };
    await expect(completion(body, 'off')).resolves.toEqual(body);
  });
});
