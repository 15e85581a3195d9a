/**
 * A Standard Schema whose own JSON Schema converter cannot describe it (zod 4 classic throws for a
 * transform or a date, ../shared/specs has no say: the schema never reaches the server) is the
 * misuse docs/openai.md names under structured output: "a schema that is neither a Standard Schema
 * nor has a jsonSchema" throws an InvalidRequestError before anything is sent, and the fix is to
 * pass `jsonSchema`. `jsonSchemaOf` says it gives `undefined` when the schema cannot produce one.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../src/index.js';
import { jsonSchemaOf, parseChatCompletion } from '../../src/openai/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];

// zod 4 classic implements Standard JSON Schema, and its converter throws for these
const WithTransform = z.object({ n: z.string().transform((s) => s.length) });
const WithDate = z.object({ at: z.date() });

describe('a schema its converter cannot describe', () => {
  it('parseChatCompletion: an InvalidRequestError at jsonSchema that keeps the reason, nothing sent (was the converter’s bare Error)', async () => {
    for (const schema of [WithTransform, WithDate]) {
      const err = await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema }), /^jsonSchema$/);
      expect(err.operation).toBe('openai.chat.completions.parse');
      expect(err.message).toMatch(/cannot be represented in JSON Schema/);
      expect(err.message).toMatch(/pass jsonSchema/);
      expect(err.cause).toBeInstanceOf(Error);
    }
  });

  it('with jsonSchema passed, the same schema is sent and parses the content', async () => {
    const before = box.server.requests.length;
    // the loopback server answers content "{}": a schema without required fields
    const Loose = z.object({ n: z.optional(z.string().transform((s) => s.length)) });
    const res = await parseChatCompletion(client(), { model: 'm', messages, schema: Loose, jsonSchema: { type: 'object', properties: { n: { type: 'string' } } } });
    expect(box.server.requests.length).toBe(before + 1);
    expect(res.choices[0]?.message.parsed).toEqual({});
  });

  it('jsonSchemaOf gives undefined, as documented, instead of throwing', () => {
    expect(jsonSchemaOf(WithTransform)).toBeUndefined();
    expect(jsonSchemaOf(WithDate)).toBeUndefined();
    expect(jsonSchemaOf(z.object({ a: z.string() }))).toMatchObject({ type: 'object', required: ['a'] });
  });
});
