/**
 * Fields that steer an OpenAI-compatible call are type-checked before anything is sent: `stream:
 * 'true'` would go the non-stream path (servers that coerce it, like vLLM, then stream into a JSON
 * reader), `prompt: null` would pass the "prompt is required" check, and parse()'s schemaName check
 * would be bypassed by RegExp coercion.
 */
import { describe, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, createCompletion, createEmbedding, parseChatCompletion } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from './refused-input-helpers.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
const schema = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };

describe('openai chat', () => {
  it('stream "true" (a string) is refused, not sent down the non-stream path', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, stream: bad('true') }), /^stream$/);
  });

  it('message content that is a function is refused (dropped now: the message goes without content)', async () => {
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

  it('schemaName {} is an InvalidRequestError (a TypeError from name.slice now)', async () => {
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
  it('prompt null is refused like a missing prompt', async () => {
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: bad(null) }), /^prompt$/);
  });

  it('prompt that is an object is refused', async () => {
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: bad({ text: 'x' }) }), /^prompt$/);
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
