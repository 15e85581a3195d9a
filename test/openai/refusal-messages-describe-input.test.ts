/**
 * An input refused before sending (InvalidRequestError) says, after the operation, which field was
 * wrong and what it got, as a type description that never echoes the value itself (src/openai/
 * internal.ts `describe`: "null", "an array of N", "an empty string", "a string", the typeof).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, createCompletion, createEmbedding, streamChatCompletion } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
const SECRET = 'sk-live-DO-NOT-ECHO-1234';

describe('what the message says was received', () => {
  it('null params: the operation, and "got null"', async () => {
    const err = await expectRefused(box.server, () => createChatCompletion(client(), bad(null)), /^$/);
    expect(err.operation).toBe('openai.chat.completions.create');
    expect(err.message).toMatch(/^openai\.chat\.completions\.create: /);
    expect(err.message).toMatch(/got null$/);
  });

  it('params that are an array: "got an array of 2" (streamChatCompletion and embeddings)', async () => {
    const chat = await expectRefused(box.server, () => streamChatCompletion(client(), bad([1, 2])), /^$/);
    expect(chat.message).toMatch(/got an array of 2$/);
    const emb = await expectRefused(box.server, () => createEmbedding(client(), bad(['a', 'b'])), /^$/);
    expect(emb.operation).toBe('openai.embeddings.create');
    expect(emb.message).toMatch(/got an array of 2$/);
  });

  it('an empty model: "model must be ..., got an empty string"', async () => {
    const err = await expectRefused(box.server, () => createCompletion(client(), { model: '', prompt: 'x' }), /^model$/);
    expect(err.operation).toBe('openai.completions.create');
    expect(err.message).toMatch(/^openai\.completions\.create: model must be /);
    expect(err.message).toMatch(/got an empty string$/);
  });

  it('empty messages: "got an array of 0"', async () => {
    const err = await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages: [] }), /^messages$/);
    expect(err.message).toMatch(/messages must be .*got an array of 0$/);
  });

  it('a string where a boolean belongs: "got a string", without the string', async () => {
    const err = await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, stream: bad(SECRET) }), /^stream$/);
    expect(err.message).toMatch(/stream must be .*got a string$/);
    expect(err.message).not.toContain(SECRET);
  });

  it('null params to completions: refused before anything else is read', async () => {
    const err = await expectRefused(box.server, () => createCompletion(client(), bad(null)), /^$/);
    expect(err.operation).toBe('openai.completions.create');
    expect(err.message).toMatch(/got null$/);
  });

  it('each chat field check says what was expected, then what came', async () => {
    const expected = /must be [a-z'].*, got /;
    const cases: Array<[() => unknown, RegExp]> = [
      [() => createChatCompletion(client(), { model: 'm', messages: [] }), /^messages$/],
      [() => createChatCompletion(client(), { model: 'm', messages: bad([{ content: 'x' }]) }), /^messages\[0\]\.role$/],
      [() => createChatCompletion(client(), { model: 'm', messages: bad([{ role: 'user', content: 1 }]) }), /^messages\[0\]\.content$/],
      [() => createChatCompletion(client(), { model: 'm', messages, stream: bad(1) }), /^stream$/],
      [() => createChatCompletion(client(), { model: 'm', messages, tools: bad({}) }), /^tools$/],
      [() => createChatCompletion(client(), { model: 'm', messages, response_format: bad('json') }), /^response_format$/],
      [() => createCompletion(client(), { model: 'm', prompt: bad(1) }), /^prompt$/],
      [() => createEmbedding(client(), { model: 'm', input: bad([{}]) }), /^input\[0\]$/],
      [() => createEmbedding(client(), { model: 'm', input: 'x', encoding_format: bad('b64') }), /^encoding_format$/],
      [() => createEmbedding(client(), { model: '', input: 'x' }), /^model$/],
    ];
    for (const [call, path] of cases) expect((await expectRefused(box.server, call, path)).message).toMatch(expected);
    const empty = await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: [] }), /^input$/);
    expect(empty.message).toMatch(/^openai\.embeddings\.create: input must be /);
  });

  it('a model that is an array of one id is refused, not taken for a non-empty string', async () => {
    const err = await expectRefused(box.server, () => createChatCompletion(client(), { model: bad(['gpt-4o-mini']), messages }), /^model$/);
    expect(err.message).toMatch(/got an array of 1$/);
    await expectRefused(box.server, () => createEmbedding(client(), { model: bad({ length: 3 }), input: 'x' }), /^model$/);
  });

  it('a number or an object: their type, without their content', async () => {
    const num = await expectRefused(box.server, () => createChatCompletion(client(), { model: bad(42), messages }), /^model$/);
    expect(num.message).toMatch(/got number$/);
    const obj = await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages: bad([{ role: 'user', content: { text: SECRET } }]) }), /^messages\[0\]\.content$/);
    expect(obj.message).toMatch(/messages\[0\]\.content must be .*got object$/);
    expect(obj.message).not.toContain(SECRET);
    const fmt = await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: 'x', encoding_format: bad(SECRET) }), /^encoding_format$/);
    expect(fmt.message).toMatch(/got a string$/);
    expect(fmt.message).not.toContain(SECRET);
  });
});
