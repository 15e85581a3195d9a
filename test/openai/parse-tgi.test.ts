/**
 * Structured output against Hugging Face TGI (docs/openai.md, "Structured output" and the TGI row of
 * "Compatible servers"). TGI takes `response_format` as its `GrammarType`
 * (../shared/specs/tgi/openapi.json: `{ type: 'json', value }`, `{ type: 'json_schema', value: { name?,
 * schema } }`, `{ type: 'regex', value }`) and refuses OpenAI's `json_schema` form with a plain-text
 * 422 from its JSON extractor. The loopback server under the `tgi` flavor checks `response_format`
 * against that spec and refuses the same way (test/helpers/openai-server.ts `tgiGrammarRefusal`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidRequestError, UnprocessableEntityError } from '../../src/index.js';
import { accumulateChatStream, createChatCompletion, createOpenAIClient, parseChatCompletion, type OpenAIClient, type ResponseFormat } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { rejectionOf } from '../core/_support.js';

let tgi: OpenAIServer;
let openai: OpenAIClient;
beforeAll(async () => {
  tgi = await startOpenAIServer({ flavor: 'tgi', structured: '{"name":"Alice","age":31}' });
  openai = createOpenAIClient({ baseURL: tgi.baseURL, retry: false });
});
afterAll(() => tgi.close());
afterEach(() => expect(tgi.server.handlerErrors).toEqual([]));

const messages = [{ role: 'user' as const, content: 'Alice is 31.' }];
const Person = z.object({ name: z.string(), age: z.number().int() });
const PERSON_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
  required: ['name', 'age'],
  additionalProperties: false,
};
const lastBody = () => tgi.server.requests.at(-1)!.json() as Record<string, unknown>;

describe("parse against TGI: dialect 'tgi'", () => {
  it("sends TGI's grammar { type: 'json', value: schema } (no name, description or strict: TGI takes none) and returns the parsed object", async () => {
    const before = tgi.server.requests.length;
    const completion = await openai.chat.completions.parse({
      model: 'tgi',
      messages,
      schema: Person,
      schemaName: 'person',
      schemaDescription: 'A person',
      strict: false,
      dialect: 'tgi',
    });
    expect(completion.choices[0]!.message.parsed).toEqual({ name: 'Alice', age: 31 });
    expect(lastBody().response_format).toEqual({ type: 'json', value: PERSON_SCHEMA });
    expect(tgi.server.requests.length - before).toBe(1);
  });

  it('takes an explicit jsonSchema too, through the standalone function', async () => {
    const jsonSchema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name', 'age'] };
    const completion = await parseChatCompletion(openai.client, { model: 'tgi', messages, schema: Person, jsonSchema, dialect: 'tgi' });
    expect(completion.choices[0]!.message.parsed?.age).toBe(31);
    expect(lastBody().response_format).toEqual({ type: 'json', value: jsonSchema });
  });

  it("without it, TGI refuses OpenAI's json_schema form with its 422: an UnprocessableEntityError, not retried", async () => {
    const before = tgi.server.requests.length;
    const err = await rejectionOf(openai.chat.completions.parse({ model: 'tgi', messages, schema: Person }));
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).message).toMatch(
      /^openai\.chat\.completions\.create failed with HTTP 422: Failed to deserialize the JSON body into the target type: response_format: missing field `value` at line 1 column \d+$/,
    );
    expect(tgi.server.requests.length - before).toBe(1);
    expect(lastBody().response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'response', strict: true } });
  });

  it.each([['openai'], [undefined], [null]])("dialect %j sends OpenAI's form (the default)", async (dialect) => {
    const err = await rejectionOf(parseChatCompletion(openai.client, { model: 'tgi', messages, schema: Person, dialect: dialect as 'openai' | undefined }));
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect(lastBody().response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema: PERSON_SCHEMA, strict: true } });
  });

  it.each([
    ['TGI', 'a string'],
    ['json', 'a string'],
    [true, 'boolean'],
  ])('a dialect of %j is refused before anything is sent, naming dialect', async (dialect, got) => {
    const before = tgi.server.requests.length;
    const err = await rejectionOf(parseChatCompletion(openai.client, { model: 'tgi', messages, schema: Person, dialect: dialect as never }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ path: 'dialect', operation: 'openai.chat.completions.parse' });
    expect((err as Error).message).toBe(`openai.chat.completions.parse: dialect must be 'openai' or 'tgi', got ${got}`);
    expect(tgi.server.requests.length).toBe(before);
  });
});

describe("TGI's grammar in plain create() params", () => {
  const forms: Array<[string, ResponseFormat]> = [
    ['json with a schema', { type: 'json', value: PERSON_SCHEMA }],
    ['json with the schema as JSON text', { type: 'json', value: JSON.stringify(PERSON_SCHEMA) }],
    ['json_schema with a name', { type: 'json_schema', value: { name: 'person', schema: PERSON_SCHEMA } }],
    ['json_schema without a name', { type: 'json_schema', value: { schema: PERSON_SCHEMA } }],
    ['regex', { type: 'regex', value: '\\{"name":"[A-Z][a-z]+","age":[0-9]+\\}' }],
  ];

  it.each(forms)('%s is sent unchanged, streamed or not, and TGI takes it', async (_what, response_format) => {
    const completion = await createChatCompletion(openai.client, { model: 'tgi', messages, response_format });
    expect(lastBody().response_format).toEqual(response_format);
    const final = await accumulateChatStream(await openai.chat.completions.create({ model: 'tgi', messages, response_format, stream: true }));
    expect(lastBody()).toMatchObject({ response_format, stream: true });
    expect(final.choices[0]!.message.content).toBe(completion.choices[0]!.message.content);
  });

  it.each([
    ['OpenAI json_object', { type: 'json_object' }, 'missing field `value`'],
    ['OpenAI text', { type: 'text' }, 'unknown variant `text`, expected one of `json`, `regex`, `json_schema`'],
    ['json_schema holding the schema itself', { type: 'json_schema', value: PERSON_SCHEMA }, 'invalid value'],
  ] as Array<[string, ResponseFormat, string]>)('%s is refused by TGI with its 422, streamed or not', async (_what, response_format, reason) => {
    for (const stream of [false, true]) {
      const err = await rejectionOf(createChatCompletion(openai.client, { model: 'tgi', messages, response_format, stream }));
      expect(err).toBeInstanceOf(UnprocessableEntityError);
      expect((err as Error).message).toContain(`Failed to deserialize the JSON body into the target type: response_format: ${reason}`);
    }
  });
});
