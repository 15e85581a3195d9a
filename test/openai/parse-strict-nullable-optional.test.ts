/**
 * parseChatCompletion and OpenAI's strict mode (docs/openai.md, "Structured output"): with
 * `strict: true` OpenAI refuses a schema in which a property is missing from `required` ("'required'
 * is required to be supplied and to be an array including every key in properties"), and has an
 * optional field written as a required one that may be null. zod's `.nullish()` (and
 * `.optional().nullable()`) converts to a property that may be null but is not required: the
 * official client's `zodResponseFormat` lists such a property in `required`, so the same zod schema
 * works there. The server below checks a strict schema as OpenAI does (every object's properties all
 * required), answers 400 with OpenAI's message otherwise, and sends null for each property that may be null.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError, createClient } from '../../src/index.js';
import { jsonSchemaOf, openAIClientOptions, parseChatCompletion } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_support.js';

type Schema = { type?: unknown; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[] };

/** The first object (by its path) with a property missing from `required`, as OpenAI's strict check reports it. */
function missingRequired(s: Schema, at: string[] = []): string | undefined {
  if (s.properties) {
    for (const key of Object.keys(s.properties)) {
      if (!(s.required ?? []).includes(key)) return `In context=(${at.map((p) => `'${p}'`).join(', ')}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${key}'.`;
      const inner = missingRequired(s.properties[key]!, [...at, 'properties', key]);
      if (inner) return inner;
    }
  }
  if (s.items) return missingRequired(s.items, [...at, 'items']);
  for (const [i, branch] of (s.anyOf ?? []).entries()) {
    const inner = missingRequired(branch, [...at, 'anyOf', String(i)]);
    if (inner) return inner;
  }
  return undefined;
}

let server: TestServer;
let content = '';
beforeEach(async () => {
  server = await startTestServer((req, res) => {
    const { response_format: f } = req.json() as { response_format: { json_schema: { name: string; strict: boolean; schema: Schema } } };
    const missing = f.json_schema.strict ? missingRequired(f.json_schema.schema) : undefined;
    if (missing) {
      return json(res, 400, { error: { message: `Invalid schema for response_format '${f.json_schema.name}': ${missing}`, type: 'invalid_request_error', param: 'response_format', code: null } });
    }
    json(res, 200, { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }] });
  });
});
afterEach(() => server.close());

const client = () => createClient(openAIClientOptions({ baseURL: server.url, retry: false }));
const messages = [{ role: 'user' as const, content: 'Alice, no nickname; likes chess.' }];
const sentSchema = () => (server.requests.at(-1)!.json() as { response_format: { json_schema: { schema: Schema } } }).response_format.json_schema.schema;

describe('a property that may be null but is not required (zod .nullish())', () => {
  const Person = z.object({
    name: z.string(),
    nick: z.string().nullish(),
    hobbies: z.array(z.object({ what: z.string(), since: z.number().optional().nullable() })),
  });

  it('is listed in required, at every depth, so OpenAI takes the schema; the model sends null for it and it parses', async () => {
    content = '{"name":"Alice","nick":null,"hobbies":[{"what":"chess","since":null}]}';
    const completion = await parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: Person });
    expect(completion.choices[0]!.message.parsed).toEqual({ name: 'Alice', nick: null, hobbies: [{ what: 'chess', since: null }] });
    const sent = sentSchema();
    expect(sent.required).toEqual(['name', 'hobbies', 'nick']);
    expect(sent.properties!.hobbies!.items!.required).toEqual(['what', 'since']);
    // the properties themselves are sent as converted
    expect(sent.properties!.nick).toEqual((jsonSchemaOf(Person) as Schema).properties!.nick);
  });

  it('the same for an explicit jsonSchema, which is not changed in place', async () => {
    content = '{"name":"Alice","nick":null,"hobbies":[]}';
    const jsonSchema = z.toJSONSchema(Person) as Record<string, unknown>;
    const before = structuredClone(jsonSchema);
    const completion = await parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: Person, jsonSchema });
    expect(completion.choices[0]!.message.parsed).toEqual({ name: 'Alice', nick: null, hobbies: [] });
    expect(sentSchema().required).toEqual(['name', 'hobbies', 'nick']);
    expect(jsonSchema).toEqual(before);
  });

  it('properties named like JSON Schema keywords (default, enum, const) are properties too', async () => {
    content = '{"default":null,"enum":null,"const":"x"}';
    const Odd = z.object({ default: z.string().nullish(), enum: z.number().nullish(), const: z.string() });
    const completion = await parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: Odd });
    expect(completion.choices[0]!.message.parsed).toEqual({ default: null, enum: null, const: 'x' });
    expect(sentSchema().required).toEqual(['const', 'default', 'enum']);
  });

  it('with strict: false the schema is sent as converted (optional stays optional)', async () => {
    content = '{"name":"Alice","hobbies":[]}';
    await parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: Person, strict: false });
    expect(sentSchema().required).toEqual(['name', 'hobbies']);
  });
});

it('a property that may not be null and is not required (zod .optional()) is sent as it is: OpenAI says which one, in the BadRequestError', async () => {
  const Person = z.object({ name: z.string(), nick: z.string().optional() });
  const err = await rejectionOf(parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: Person, schemaName: 'person' }));
  expect(err).toBeInstanceOf(BadRequestError);
  expect((err as Error).message).toContain("Invalid schema for response_format 'person'");
  expect((err as Error).message).toContain("Missing 'nick'");
  expect(sentSchema().required).toEqual(['name']);
});

describe('what the strict fill-in walks', () => {
  it('a subschema object used at two places gets its nullable properties required at both', async () => {
    content = '{"home":{"city":"Oslo","zip":null},"work":{"city":"Bergen","zip":"5003"}}';
    const Place = { type: 'object', properties: { city: { type: 'string' }, zip: { type: ['string', 'null'] } }, required: ['city'], additionalProperties: false };
    const jsonSchema = { type: 'object', properties: { home: Place, work: Place }, required: ['home', 'work'], additionalProperties: false };
    const place = z.object({ city: z.string(), zip: z.string().nullish() });
    const completion = await parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: z.object({ home: place, work: place }), jsonSchema });
    expect(completion.choices[0]!.message.parsed).toEqual({ home: { city: 'Oslo', zip: null }, work: { city: 'Bergen', zip: '5003' } });
    expect(sentSchema().properties!.home!.required).toEqual(['city', 'zip']);
    expect(sentSchema().properties!.work!.required).toEqual(['city', 'zip']);
  });

  it('the values of default, examples, enum and const are data: sent as given, even when they look like a schema', async () => {
    content = '{"filter":{"x":null}}';
    const look = { type: 'object', properties: { x: { type: ['string', 'null'] } } };
    const filter = { type: 'object', properties: { x: { type: ['string', 'null'] } }, required: ['x'], default: look, examples: [look], enum: [look], const: look };
    const jsonSchema = { type: 'object', properties: { filter }, required: ['filter'], additionalProperties: false };
    await parseChatCompletion(client(), { model: 'gpt-4o-mini', messages, schema: z.object({ filter: z.object({ x: z.string().nullable() }) }), jsonSchema });
    const sent = sentSchema().properties!.filter as Record<string, unknown>;
    expect(sent.default).toEqual(look);
    expect(sent.examples).toEqual([look]);
    expect(sent.enum).toEqual([look]);
    expect(sent.const).toEqual(look);
  });
});
