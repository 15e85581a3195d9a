/**
 * parseChatCompletion's errors say where and in which call: docs/openai.md ("Structured output")
 * lists the InvalidRequestErrors thrown before anything is sent (a `stream: true` among them) and
 * the ResponseValidationErrors whose issues name the place (`['choices', i, ...]`); docs/core.md's
 * errors carry the `operation`, here `openai.chat.completions.parse` (not the create call it makes).
 * With validation 'off' a body without an array of `choices`, or a choice without a `message`
 * object, is a ResponseValidationError at `['choices']` or `['choices', i, 'message']`. A message
 * whose content is `null` (tool calls only) gives `parsed: null`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, InvalidRequestError, ResponseValidationError } from '../../src/index.js';
import { openAIClientOptions, parseChatCompletion } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_support.js';

const OPERATION = 'openai.chat.completions.parse';
let server: TestServer;
let body: unknown;
beforeEach(async () => {
  server = await startTestServer((_req, res) => json(res, 200, body));
});
afterEach(() => server.close());

const client = (validation?: 'off') => createClient(openAIClientOptions({ baseURL: server.url, retry: false, ...(validation ? { validation } : {}) }));
const messages = [{ role: 'user' as const, content: 'Alice is 31.' }];
const Person = z.object({ name: z.string(), age: z.number() });
const head = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm' };
const withContent = (content: string | null, finish = 'stop') => ({ ...head, choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content, refusal: null } }] });

describe('before anything is sent', () => {
  it('stream: true is refused at stream, naming the parse operation', async () => {
    const err = await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person, stream: true } as never));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ path: 'stream', operation: OPERATION });
    expect(server.requests).toHaveLength(0);
  });

  it('a bad chat parameter is refused naming the parse operation', async () => {
    const err = await rejectionOf(parseChatCompletion(client(), { model: '', messages, schema: Person }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ path: 'model', operation: OPERATION });
    expect(server.requests).toHaveLength(0);
  });
});

describe('validation errors of the answer', () => {
  it('content that is not JSON, and JSON that does not match, name the parse operation', async () => {
    body = withContent('{"name":');
    expect(await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person }))).toMatchObject({ name: 'ResponseValidationError', operation: OPERATION });
    body = withContent('{"name":"Alice"}');
    const err = await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person }));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err).toMatchObject({ operation: OPERATION });
    expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([['choices', 0, 'message', 'parsed', 'age']]);
  });

  it.each([
    ['a null body', null, ['choices']],
    ['choices that are not an array', { ...head, choices: { 0: {} } }, ['choices']],
    ['a second choice without a message', { ...head, choices: [withContent('{"name":"A","age":1}').choices[0], { index: 1, finish_reason: 'stop' }] }, ['choices', 1, 'message']],
  ])("with validation 'off', %s is a ResponseValidationError at its path", async (_what, answer, path) => {
    body = answer;
    const err = await rejectionOf(parseChatCompletion(client('off'), { model: 'm', messages, schema: Person }));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err).toMatchObject({ operation: OPERATION });
    expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([path]);
  });
});

it('content null without a refusal gives parsed: null', async () => {
  body = withContent(null, 'tool_calls');
  const completion = await parseChatCompletion(client(), { model: 'm', messages, schema: Person });
  expect(completion.choices[0]!.message.parsed).toBeNull();
  expect(completion.choices[0]!.message.content).toBeNull();
});
