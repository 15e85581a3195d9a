/**
 * docs/core.md, "Errors": a ResponseValidationError carries the request id of the response that did
 * not match. parseChatCompletion checked the model's content (JSON, then the user's schema) after
 * the call, so content that did not match lacked the answer's `x-request-id`, the id a user needs
 * to report a model that ignored its schema, while a chat completion that fails the SDK's own schema
 * has it. The content is the response's body, so the id belongs on those errors too.
 */
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, ResponseValidationError, type Middleware } from '../../src/index.js';
import { parseChatCompletion } from '../../src/openai/index.js';
import { echoingServer } from './_echoing-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const OPERATION = 'openai.chat.completions.parse';
const box = echoingServer('req_parse_1');

const client = (options: { validation?: 'off'; middleware?: Middleware[] } = {}) => createClient({ baseURL: box.server.url, retry: false, ...options });
const messages = [{ role: 'user' as const, content: 'Alice is 31.' }];
const Person = z.object({ name: z.string(), age: z.number() });
const withContent = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
});

it.each([
  ['content that is not JSON', '{"name":', ['choices', 0, 'message', 'content']],
  ['content that does not match the schema', '{"name":"Alice"}', ['choices', 0, 'message', 'parsed', 'age']],
])('%s: the issue at its path, with the request id', async (_what, content, path) => {
  box.answer = withContent(content);
  const err = await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(err).toMatchObject({ requestId: 'req_parse_1', operation: OPERATION });
  expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([path]);
});

it("with validation 'off', a body without choices: the request id too", async () => {
  box.answer = { id: 'chatcmpl-1' };
  const err = await rejectionOf(parseChatCompletion(client({ validation: 'off' }), { model: 'm', messages, schema: Person }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(err).toMatchObject({ requestId: 'req_parse_1', operation: OPERATION });
});

it('a completion that fails the chat schema keeps its request id as before', async () => {
  box.answer = { ...withContent('{}'), choices: 'nope' };
  const err = await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(err).toMatchObject({ requestId: 'req_parse_1' });
});

it("a credential header the client's middleware sets, echoed in content that fails the schema, is scrubbed like the key", async () => {
  const TOKEN = 'tok-parse-middleware-0123456789';
  const auth: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-api-token': TOKEN } });
  box.answer = withContent(JSON.stringify({ name: 'token $token' }));
  const err = await rejectionOf(parseChatCompletion(client({ middleware: [auth] }), { model: 'm', messages, schema: Person }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(TOKEN))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(TOKEN);
});
