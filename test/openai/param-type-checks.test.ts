/**
 * Fields that steer an OpenAI-compatible call are type-checked before anything is sent: `stream:
 * 'true'` would go the non-stream path (servers that coerce it, like vLLM, then stream into a JSON
 * reader), `prompt: null` would pass the "prompt is required" check, and parse()'s schemaName check
 * would be bypassed by RegExp coercion.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, createCompletion, createEmbedding, parseChatCompletion } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
const schema = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };

describe('openai chat', () => {
  it('stream "true" (a string) is refused, not sent down the non-stream path', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, stream: bad('true') }), /^stream$/);
  });

  it('message content that is a function is refused (JSON would drop it: the message would go without content)', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages: bad([{ role: 'user', content: () => 'hi' }]) }), /^messages\[0\]\.content$/);
  });

  it('message content that is a plain object is refused', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages: bad([{ role: 'user', content: { text: 'hi' } }]) }), /^messages\[0\]\.content$/);
  });

  it('tools that is not an array is refused', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, tools: bad({ type: 'function', function: { name: 'f' } }) }), /^tools/);
  });

  it('response_format that is not an object is refused', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, response_format: bad('json_object') }), /^response_format/);
  });
});

describe('openai parse', () => {
  it('schemaName 12 (a number) is refused, not sent as "name":12', async () => {
    await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema: {}, schemaName: bad(12) }), /^schemaName$/);
  });

  it('schemaName {} is an InvalidRequestError, not a TypeError from name.slice', async () => {
    await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema: {}, schemaName: bad({}) }), /^schemaName$/);
  });

  it('jsonSchema that is an array is refused', async () => {
    await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema: bad([]) }), /^jsonSchema$/);
  });

  it('stream "true" is refused like stream: true', async () => {
    await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema: {}, stream: bad('true') }), /^stream$/);
  });
});

describe('openai completions and embeddings', () => {
  it('prompt that is an object is refused', async () => {
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: bad({ text: 'x' }) }), /^prompt$/);
  });

  it('prompt elements that are neither strings, token ids nor arrays of token ids are refused, as embeddings input elements are', async () => {
    // chat messages passed to the legacy endpoint by mistake: docs/openai.md says anything but
    // strings, token ids or arrays of token ids throws before sending (CreateCompletionRequest.prompt)
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: bad([{ role: 'user', content: 'hi' }]) }), /^prompt\[0\]$/);
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: bad(['a', null]) }), /^prompt\[1\]$/);
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: bad([[1, '2']]) }), /^prompt\[0\]$/);
  });

  it('a token id that is not an integer is refused, in a prompt and in embeddings input (the spec: integer)', async () => {
    // a number is a token id only when whole: 3.5 or 1e-3 went out and the server answered 400
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: [1, 2.5] }), /^prompt\[1\]$/);
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: [[1, 2], [3, 0.001]] }), /^prompt\[1\]$/);
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: [3.5] }), /^input\[0\]$/);
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: [[7, 8.25]] }), /^input\[0\]$/);
  });

  it('completions stream "true" is refused', async () => {
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: 'x', stream: bad('true') }), /^stream$/);
  });

  it('embeddings input [{}] is refused', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: bad([{}]) }), /^input\[0\]$/);
  });

  it('embeddings encoding_format "b64" is refused (the answer would be read as floats)', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: 'x', encoding_format: bad('b64') }), /^encoding_format$/);
  });
});

describe('well-typed inputs are still sent', () => {
  const sends = async (call: () => Promise<unknown>) => {
    const before = box.server.requests.length;
    await call();
    expect(box.server.requests.length).toBe(before + 1);
  };

  it('chat: content null, content parts, stream false and null, tools [], a response_format object', async () => {
    const many = [
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] },
      { role: 'assistant' as const, content: null, tool_calls: [{ id: 'c1', type: 'function' as const, function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool' as const, tool_call_id: 'c1', content: '{}' },
      { role: 'assistant' as const },
    ];
    await sends(() => createChatCompletion(client(), { model: 'm', messages: many, stream: false, tools: [], response_format: { type: 'json_object' } }));
    await sends(() => createChatCompletion(client(), { model: 'm', messages, stream: null }));
  });

  it('parse: a schemaName, a jsonSchema object and stream false', async () => {
    await sends(() => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema: { type: 'object' }, schemaName: 'person', stream: false }));
  });

  it('completions: strings, token ids and arrays of token ids as prompt, stream false', async () => {
    for (const prompt of ['x', ['x', 'y'], [1, 2], [[1, 2], [3]]]) await sends(() => createCompletion(client(), { model: 'm', prompt, stream: false }));
  });

  it("embeddings: token ids, arrays of token ids, encoding_format 'float'", async () => {
    await sends(() => createEmbedding(client(), { model: 'm', input: [1, 2], encoding_format: 'float' }));
    await sends(() => createEmbedding(client(), { model: 'm', input: [[1, 2], [3]] }));
    await sends(() => createEmbedding(client(), { model: 'm', input: ['a', 'b'] }));
  });
});
