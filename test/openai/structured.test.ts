import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import * as v from 'valibot';
import { InvalidRequestError, ResponseValidationError } from '../../src/index.js';
import { createOpenAIClient, jsonSchemaOf, parseChatCompletion, type OpenAIClient } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let api: OpenAIServer;
let openai: OpenAIClient;
beforeAll(async () => {
  api = await startOpenAIServer({ conformance: true });
  openai = createOpenAIClient({ baseURL: api.baseURL, retry: false });
});
afterAll(async () => {
  await api.close();
  api.conformance!.assertNoViolations();
});

const messages = [{ role: 'user' as const, content: 'Alice is 31 and likes chess and go.' }];
const Person = z.object({ name: z.string(), age: z.number().int(), hobbies: z.array(z.string()) });

describe('parseChatCompletion', () => {
  it('sends response_format json_schema from a zod schema and returns the typed, validated object', async () => {
    api.options.structured = '{"name":"Alice","age":31,"hobbies":["chess","go"]}';
    const completion = await openai.chat.completions.parse({ model: 'gpt-4o-mini', messages, schema: Person, schemaName: 'person' });
    const person = completion.choices[0]!.message.parsed;
    expect(person).toEqual({ name: 'Alice', age: 31, hobbies: ['chess', 'go'] });
    // type-level: parsed is { name: string; age: number; hobbies: string[] } | null
    const age: number | undefined = person?.age;
    expect(age).toBe(31);
    const sent = api.server.requests.at(-1)!.json() as { response_format: unknown; schema?: unknown };
    expect(sent.schema).toBeUndefined();
    expect(sent.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'person',
        strict: true,
        schema: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            age: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
            hobbies: { type: 'array', items: { type: 'string' } },
          },
          required: ['name', 'age', 'hobbies'],
          additionalProperties: false,
        },
      },
    });
    expect(jsonSchemaOf(Person)).toBe(jsonSchemaOf(Person)); // cached per schema
  });

  it('accepts an explicit jsonSchema (zod/mini, valibot)', async () => {
    api.options.structured = '{"city":"Paris"}';
    const City = zm.object({ city: zm.string() });
    const a = await parseChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, schema: City, jsonSchema: zm.toJSONSchema(City) as Record<string, unknown>, strict: false });
    expect(a.choices[0]?.message.parsed).toEqual({ city: 'Paris' });
    expect((api.server.requests.at(-1)!.json() as { response_format: { json_schema: { strict: boolean; name: string } } }).response_format.json_schema).toMatchObject({ strict: false, name: 'response' });

    const VCity = v.object({ city: v.string() });
    const b = await parseChatCompletion(openai.client, {
      model: 'gpt-4o-mini',
      messages,
      schema: VCity,
      jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    });
    expect(b.choices[0]?.message.parsed?.city).toBe('Paris');
  });

  it('throws InvalidRequestError when the schema cannot produce JSON Schema, or on conflicting input', async () => {
    const before = api.server.requests.length;
    const VCity = v.object({ city: v.string() });
    await expect(parseChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, schema: VCity })).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'jsonSchema' });
    await expect(
      parseChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, schema: Person, response_format: { type: 'text' } } as never),
    ).rejects.toMatchObject({ path: 'response_format' });
    await expect(parseChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, schema: Person, schemaName: 'has space' })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(parseChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, schema: {} as never })).rejects.toMatchObject({ path: 'schema' });
    expect(api.server.requests.length).toBe(before);
  });

  it('content that does not match the schema throws ResponseValidationError with the path', async () => {
    api.options.structured = '{"name":"Alice","age":"thirty-one","hobbies":[]}';
    const err = await openai.chat.completions.parse({ model: 'gpt-4o-mini', messages, schema: Person }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.path).toEqual(['choices', 0, 'message', 'parsed', 'age']);
  });

  it('content that is not JSON throws ResponseValidationError', async () => {
    api.options.structured = '{"name":"Ali';
    const err = await openai.chat.completions.parse({ model: 'gpt-4o-mini', messages, schema: Person }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.message).toMatch(/not valid JSON/);
  });

  it('a refusal gives parsed: null and keeps the refusal', async () => {
    const completion = await openai.chat.completions.parse({ model: 'refuse-model', messages, schema: Person });
    expect(completion.choices[0]?.message.parsed).toBeNull();
    expect(completion.choices[0]?.message.refusal).toMatch(/sorry/);
  });
});
