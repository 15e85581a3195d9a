/**
 * parseChatCompletion: `message.parsed` is documented as `null` "when the model refused or sent no
 * content" (ParsedChatCompletionMessage). vLLM answers a named or `required` tool_choice with
 * `content: ""` next to the tool calls (serving_chat.py: ChatMessage(role=role, content="",
 * tool_calls=[...])), and the official client gives `parsed: null` for any falsy content
 * (`message.content && !message.refusal ? parse(...) : null`). Empty content was parsed as JSON
 * instead, and the whole call threw a ResponseValidationError "content is not valid JSON (0 characters)",
 * losing the tool calls.
 */
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../src/index.js';
import { openAIClientOptions, parseChatCompletion } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
afterEach(() => server?.close());

const toolCall = { id: 'chatcmpl-tool-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };

it('content "" next to tool calls (vLLM named tool_choice) gives parsed: null and keeps the tool calls', async () => {
  server = await startTestServer((_req, res) =>
    json(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: '', tool_calls: [toolCall] } }],
    }),
  );
  const client = createClient(openAIClientOptions({ baseURL: server.url, retry: false }));
  const completion = await parseChatCompletion(client, {
    model: 'm',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    schema: z.object({ answer: z.string() }),
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
  expect(completion.choices[0]!.message.parsed).toBeNull();
  expect(completion.choices[0]!.message.tool_calls).toEqual([toolCall]);
});
