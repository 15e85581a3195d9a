/**
 * docs/openai.md ("Compatible servers"): "`off` skips the check" — with validation 'off' a chat
 * completion comes back as the server sent it (edges.test.ts: a 204 passes through as undefined).
 * The fill-ins that run after validation (normalizeChatCompletion) skip a `message` that is not an
 * object, but they read `choice.finish_reason` and `call.type` without looking: a `null` choice or
 * tool call threw a bare TypeError ("Cannot read properties of null") out of
 * createChatCompletion instead of passing the body through, and so did a `function` or
 * `function_call` that is a string ("Cannot create property 'arguments' on string").
 */
import { afterEach, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, openAIClientOptions } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const head = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm' };

const answer = async (body: unknown) => {
  server = await startTestServer((_req, res) => json(res, 200, body));
  const client = createClient(openAIClientOptions({ baseURL: server.url, retry: false, validation: 'off' }));
  return createChatCompletion(client, params);
};

it.each([
  ['a null choice', [null]],
  ['a choice that is a string', ['stop']],
  ['a choice whose message is null', [{ index: 0, finish_reason: 'stop', message: null }]],
  ['a null tool call', [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [null] } }]],
  ['a tool call whose function is a string', [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: 'f' }] } }]],
  ['a function_call that is a string', [{ index: 0, finish_reason: 'function_call', message: { role: 'assistant', content: null, function_call: 'f' } }]],
])("with validation 'off', %s passes through as sent instead of throwing a TypeError", async (_what, choices) => {
  const body = { ...head, choices };
  await expect(answer(body)).resolves.toEqual(body);
});
