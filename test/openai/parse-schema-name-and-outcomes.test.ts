/**
 * parseChatCompletion against docs/openai.md ("Structured output"):
 * - `schemaName` must be a string matching `[a-zA-Z0-9_-]{1,64}` (the whole name, 1 to 64 characters);
 *   `schemaDescription` is sent as `json_schema.description`; `strict` defaults to true.
 * - "A refusal gives `parsed: null`, and the text is in `message.refusal`" (even next to content).
 * - "Content that is not JSON throws a `ResponseValidationError`. If `finish_reason` is `length`, the
 *   message says so." Issue paths name the choice (`['choices', i, ...]`) by its index.
 * - The JSON Schema comes from `schema['~standard'].jsonSchema.output(...)` when there is one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, InvalidRequestError, ResponseValidationError } from '../../src/index.js';
import { jsonSchemaOf, openAIClientOptions, parseChatCompletion } from '../../src/openai/index.js';
import type { StandardSchemaV1 } from '../../src/core/schema.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_support.js';

type Choice = { index: number; finish_reason: string | null; message: { role: 'assistant'; content: string | null; refusal?: string | null } };
let server: TestServer;
let choices: Choice[] = [];
beforeEach(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices }));
});
afterEach(() => server.close());

const client = () => createClient(openAIClientOptions({ baseURL: server.url, retry: false }));
const messages = [{ role: 'user' as const, content: 'Alice is 31.' }];
const Person = z.object({ name: z.string(), age: z.number() });
const reply = (index: number, content: string | null, finish: string | null = 'stop', refusal: string | null = null): Choice => ({
  index,
  finish_reason: finish,
  message: { role: 'assistant', content, refusal },
});
const sentFormat = () => (server.requests.at(-1)!.json() as { response_format: { json_schema: Record<string, unknown> } }).response_format.json_schema;

describe('schemaName', () => {
  it('a name of 64 characters from the whole alphabet is sent as given', async () => {
    choices = [reply(0, '{"name":"Alice","age":31}')];
    const name = `${'aZ09_-'.repeat(10)}abcd`;
    expect(name).toHaveLength(64);
    await parseChatCompletion(client(), { model: 'm', messages, schema: Person, schemaName: name });
    expect(sentFormat().name).toBe(name);
  });

  it.each([
    ['65 characters', 'a'.repeat(65)],
    ['empty', ''],
    ['a trailing space', 'person '],
    ['a leading space', ' person'],
    ['a dot inside', 'my.person'],
  ])('a name with %s is refused before anything is sent, naming schemaName', async (_what, name) => {
    const err = await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person, schemaName: name }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ path: 'schemaName' });
    expect((err as Error).message).toContain(JSON.stringify(name));
    expect(server.requests).toHaveLength(0);
  });
});

describe('json_schema fields sent', () => {
  it('schemaDescription becomes json_schema.description; strict defaults to true with an explicit jsonSchema', async () => {
    choices = [reply(0, '{"name":"Alice","age":31}')];
    const jsonSchema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } } };
    await parseChatCompletion(client(), { model: 'm', messages, schema: Person, jsonSchema, schemaDescription: 'A person' });
    expect(sentFormat()).toEqual({ name: 'response', schema: jsonSchema, strict: true, description: 'A person' });
    await parseChatCompletion(client(), { model: 'm', messages, schema: Person, jsonSchema });
    expect('description' in sentFormat()).toBe(false);
  });
});

describe('outcomes per choice', () => {
  it('a refusal gives parsed: null even when the message also has content', async () => {
    choices = [reply(0, 'not json at all', 'stop', "I'm sorry, I can't help with that.")];
    const completion = await parseChatCompletion(client(), { model: 'm', messages, schema: Person });
    expect(completion.choices[0]!.message.parsed).toBeNull();
    expect(completion.choices[0]!.message.refusal).toMatch(/sorry/);
  });

  it('each of n choices is parsed; a failing one is named by its index', async () => {
    choices = [reply(0, '{"name":"Alice","age":31}'), reply(1, '{"name":"Bob","age":"old"}')];
    const err = await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person, n: 2 }));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([['choices', 1, 'message', 'parsed', 'age']]);

    choices = [reply(0, '{"name":"Alice","age":31}'), reply(1, '{"name":"Bob","age":40}')];
    const ok = await parseChatCompletion(client(), { model: 'm', messages, schema: Person, n: 2 });
    expect(ok.choices.map((c) => c.message.parsed)).toEqual([
      { name: 'Alice', age: 31 },
      { name: 'Bob', age: 40 },
    ]);
  });

  it('content cut off by the token limit says so; other non-JSON content does not blame the limit', async () => {
    choices = [reply(0, '{"name":"Alice","age":31}'), reply(1, '{"name":"Bo', 'length')];
    const cut = (await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person, n: 2 }))) as ResponseValidationError;
    expect(cut).toBeInstanceOf(ResponseValidationError);
    expect(cut.issues[0]?.path).toEqual(['choices', 1, 'message', 'content']);
    expect(cut.issues[0]?.message).toMatch(/not valid JSON/);
    expect(cut.issues[0]?.message).toMatch(/finish_reason is length/);

    choices = [reply(0, '{"name":"Bo', 'stop')];
    const bad = (await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person }))) as ResponseValidationError;
    expect(bad.issues[0]?.path).toEqual(['choices', 0, 'message', 'content']);
    expect(bad.issues[0]?.message).not.toMatch(/length/);
  });

  it('content the content filter cut off says so (finish_reason content_filter), instead of reading as a model that wrote bad JSON', async () => {
    choices = [reply(0, '{"name":"Al', 'content_filter')];
    const cut = (await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Person }))) as ResponseValidationError;
    expect(cut).toBeInstanceOf(ResponseValidationError);
    expect(cut.issues[0]?.path).toEqual(['choices', 0, 'message', 'content']);
    expect(cut.issues[0]?.message).toMatch(/not valid JSON/);
    expect(cut.issues[0]?.message).toMatch(/finish_reason is content_filter/);
    expect(cut.issues[0]?.message).not.toMatch(/max_completion_tokens/);
  });

  it("an exception thrown by the schema's own validate propagates as it is", async () => {
    const boom = new RangeError('schema exploded');
    const Exploding: StandardSchemaV1<unknown, unknown> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => {
          throw boom;
        },
      },
    };
    choices = [reply(0, '{"name":"Alice","age":31}')];
    expect(await rejectionOf(parseChatCompletion(client(), { model: 'm', messages, schema: Exploding, jsonSchema: { type: 'object' } }))).toBe(boom);
  });
});

describe('jsonSchemaOf', () => {
  const standard = (jsonSchema: unknown): StandardSchemaV1 => ({ '~standard': { version: 1, vendor: 'test', validate: (v: unknown) => ({ value: v }), jsonSchema } }) as StandardSchemaV1;

  it("uses the schema's Standard JSON Schema converter (draft 2020-12) without its $schema key, once per schema", () => {
    const targets: string[] = [];
    const schema = standard({
      output: (options: { target: string }) => {
        targets.push(options.target);
        return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { type: 'string' } } };
      },
    });
    const first = jsonSchemaOf(schema);
    expect(first).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(jsonSchemaOf(schema)).toBe(first);
    expect(targets).toEqual(['draft-2020-12']);
  });

  it('is undefined for a schema without a converter or with a converter that has no output function', () => {
    expect(jsonSchemaOf(standard(undefined))).toBeUndefined();
    expect(jsonSchemaOf(standard({ input: () => ({}) }))).toBeUndefined();
  });
});
