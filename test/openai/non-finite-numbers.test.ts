/**
 * JSON cannot carry NaN or ±Infinity: JSON.stringify writes them as null, and OpenAI-compatible
 * servers read a null sampling field as "not given" (the spec's temperature, top_p, max_tokens,
 * seed … are nullable). `temperature: Number(process.env.TEMP)` with the variable unset sampled at
 * the default temperature, `max_completion_tokens: NaN` lifted the limit and a token id NaN in a
 * prompt went as null, in silence. They are refused with an InvalidRequestError naming the field,
 * nothing sent, as the OIP and Replicate operations refuse them.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, createCompletion, createEmbedding, parseChatCompletion } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
const schema = { '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) } };

describe('chat', () => {
  it('temperature NaN is refused (it would be sent as null: the default temperature)', async () => {
    const err = await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, temperature: NaN }), /^temperature$/);
    expect(err.message).toMatch(/NaN/);
    expect(err.operation).toBe('openai.chat.completions.create');
  });

  it('max_completion_tokens Infinity is refused, streamed too', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, stream: true, max_completion_tokens: Infinity }), /^max_completion_tokens$/);
  });

  it('a nested value is named by its path (logit_bias, a tool parameter default)', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, logit_bias: { '50256': -Infinity } }), /^logit_bias\.50256$/);
    const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object', properties: { n: { type: 'number', default: NaN } } } } }];
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages, tools }), /^tools\[0\]\.function\.parameters\.properties\.n\.default$/);
  });

  it('parse refuses it the same way', async () => {
    await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema: { type: 'object' }, top_p: NaN }), /^top_p$/);
  });

  it('parse refuses one in the JSON Schema it sends, at its place in response_format', async () => {
    const jsonSchema = { type: 'object', properties: { n: { type: 'number', minimum: NaN } } };
    await expectRefused(box.server, () => parseChatCompletion(client(), { model: 'm', messages, schema, jsonSchema }), /^response_format\.json_schema\.schema\.properties\.n\.minimum$/);
  });
});

describe('completions and embeddings', () => {
  it('a token id NaN in a prompt is refused at its index', async () => {
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: [[1, 2, NaN]] }), /^prompt\[0\]\[2\]$/);
    await expectRefused(box.server, () => createCompletion(client(), { model: 'm', prompt: 'x', frequency_penalty: bad(-Infinity) }), /^frequency_penalty$/);
  });

  it('an embedding input token NaN, or dimensions NaN, is refused', async () => {
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: [NaN] }), /^input\[0\]$/);
    await expectRefused(box.server, () => createEmbedding(client(), { model: 'm', input: 'x', dimensions: NaN }), /^dimensions$/);
  });
});

it('finite numbers, nulls and big inputs go out unchanged', async () => {
  box.server.setHandler((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: [0.5] }], usage: { prompt_tokens: 1, total_tokens: 1 } }));
  });
  const input = Array.from({ length: 100_000 }, (_, i) => i);
  await createEmbedding(client(), { model: 'm', input, dimensions: 1, user: null as never });
  const sent = JSON.parse(box.server.requests.at(-1)!.text()) as { input: number[]; dimensions: number; user: null };
  expect(sent.input.length).toBe(100_000);
  expect(sent.dimensions).toBe(1);
  expect(sent.user).toBeNull();
});
