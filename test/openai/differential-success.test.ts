/**
 * Differential: success answers. The same JSON bodies (spec-valid variants: nulls, missing
 * optionals, extra fields, refusal, tool calls, logprobs, usage details) go to modelwire/openai
 * (`strict` and `passthrough`) and to the official `openai` client, which returns the body as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { createChatCompletion, createCompletion, createEmbedding, listModels, retrieveModel } from '../../src/openai/index.js';
import { float32ToBase64 } from '../helpers/openai-server.js';
import { json } from '../helpers/test-server.js';
import { capture, pairs, plain, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let strict: Pair[];
let passthrough: Pair[];
beforeAll(async () => {
  diff = await startDiffServer();
  strict = pairs(diff);
  passthrough = pairs(diff, { validation: 'passthrough' });
});
afterAll(() => diff.close());

const messages = [{ role: 'user' as const, content: 'Hi' }];
const base = { id: 'chatcmpl-1', object: 'chat.completion', created: 1700000000, model: 'gpt-4o-mini-2024-07-18' };
const logprob = (token: string) => ({ token, logprob: -0.25, bytes: [...Buffer.from(token)], top_logprobs: [{ token, logprob: -0.25, bytes: [...Buffer.from(token)] }, { token: 'x', logprob: -2, bytes: null }] });
const usage = {
  prompt_tokens: 9,
  completion_tokens: 12,
  total_tokens: 21,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

/** Spec-valid chat completion bodies: modelwire strict must return each as the official client does. */
const CHAT_BODIES: Record<string, object> = {
  'full, with logprobs and usage details': {
    ...base,
    system_fingerprint: 'fp_44709d6fcb',
    service_tier: 'default',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there', refusal: null, annotations: [] }, logprobs: { content: [logprob('Hello'), logprob(' there')], refusal: null }, finish_reason: 'stop' }],
    usage,
  },
  'a refusal': {
    ...base,
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: "I'm sorry, I can't help with that." }, logprobs: null, finish_reason: 'stop' }],
  },
  'tool calls (content null)': {
    ...base,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}' } },
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  },
  'nullable fields null': { ...base, system_fingerprint: null, service_tier: null, usage: undefined, choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null }, logprobs: null, finish_reason: 'length' }] },
  'optional fields missing (no logprobs, refusal, usage, system_fingerprint)': { ...base, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] },
  'several choices, audio and annotations': {
    ...base,
    choices: [
      { index: 0, message: { role: 'assistant', content: 'a', refusal: null, annotations: [{ type: 'url_citation', url_citation: { start_index: 0, end_index: 1, url: 'https://example.com', title: 'Example' } }] }, logprobs: null, finish_reason: 'stop' },
      { index: 1, message: { role: 'assistant', content: null, refusal: null, audio: { id: 'audio_1', expires_at: 1700003600, data: 'UklGRg==', transcript: 'b' } }, logprobs: null, finish_reason: 'stop' },
    ],
  },
};

describe.each(['fetch', 'undici'] as const)('modelwire (%s transport) vs the official client', (transport) => {
  const pick = (list: Pair[]): Pair => list.find((p) => p.transport === transport)!;

  /** Serves `body` to the official client, modelwire strict and modelwire passthrough; returns what each gave back. */
  async function serve<T>(body: unknown, official: (p: Pair) => Promise<unknown>, mw: (p: Pair) => Promise<T>) {
    diff.answer((_req, res) => json(res, 200, body, { 'x-request-id': 'req_ok' }));
    const o = await capture(diff.server, () => official(pick(strict)));
    const s = await capture(diff.server, () => mw(pick(strict)));
    const p = await capture(diff.server, () => mw(pick(passthrough)));
    return { o: valueOf(o.outcome), s: valueOf(s.outcome), p: valueOf(p.outcome) };
  }

  it.each(Object.entries(CHAT_BODIES))('chat completion, %s: the same value from both (strict and passthrough)', async (_name, body) => {
    const { o, s, p } = await serve(body, (x) => x.official.chat.completions.create({ model: 'gpt-4o-mini', messages }), (x) => createChatCompletion(x.mw, { model: 'gpt-4o-mini', messages }));
    expect(plain(o)).toEqual(plain(body));
    // modelwire fills a missing message.content with null (TGI leaves it out on tool calls); the body here always has it
    expect(plain(s)).toEqual(plain(o));
    expect(plain(p)).toEqual(plain(o));
  });

  it('chat completion with extra fields (vLLM, Groq, llama.cpp): passthrough keeps them as the official client does; strict drops them', async () => {
    const body = {
      ...base,
      prompt_logprobs: null,
      x_groq: { id: 'req_01' },
      timings: { predicted_ms: 12.5 },
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null, reasoning_content: 'thinking', extra_message_field: 1 }, logprobs: null, finish_reason: 'stop', stop_reason: null }],
      usage: { ...usage, queue_time: 0.01 },
    };
    const { o, s, p } = await serve(body, (x) => x.official.chat.completions.create({ model: 'gpt-4o-mini', messages }), (x) => createChatCompletion(x.mw, { model: 'gpt-4o-mini', messages }));
    expect(plain(o)).toEqual(body);
    expect(plain(p)).toEqual(body);
    expect(plain(s)).toEqual({
      ...base,
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null, reasoning_content: 'thinking' }, logprobs: null, finish_reason: 'stop' }],
      usage,
    });
  });

  it('chat completion with moderation results and metadata (spec fields): strict keeps them as the official client does', async () => {
    const moderation = {
      input: { type: 'moderation_results', model: 'omni-moderation-latest', results: [{ flagged: false, categories: { violence: false }, category_scores: { violence: 0.001 } }] },
      output: { type: 'error', code: 'moderation_failed', message: 'Moderation could not be completed.' },
    };
    const body = { ...base, choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'stop' }], metadata: { session: 's-1' }, moderation };
    const { o, s, p } = await serve(body, (x) => x.official.chat.completions.create({ model: 'gpt-4o-mini', messages }), (x) => createChatCompletion(x.mw, { model: 'gpt-4o-mini', messages }));
    expect(plain(o)).toEqual(body);
    expect(plain(s)).toEqual(body);
    expect(plain(p)).toEqual(body);
    expect(s.moderation?.input.type).toBe('moderation_results');
    expect(s.metadata?.session).toBe('s-1');
  });

  it('chat completion without message.content (TGI tool calls): the official client leaves it out, modelwire fills null', async () => {
    const body = { ...base, choices: [{ index: 0, message: { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] };
    const { o, s, p } = await serve(body, (x) => x.official.chat.completions.create({ model: 'm', messages }), (x) => createChatCompletion(x.mw, { model: 'm', messages }));
    expect(plain(o)).toEqual(body);
    const filled = { ...body, choices: [{ ...body.choices[0]!, message: { ...body.choices[0]!.message, content: null } }] };
    expect(plain(s)).toEqual(filled);
    expect(plain(p)).toEqual(filled);
  });

  it('legacy completion with logprobs and usage: the same value', async () => {
    const body = {
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1700000000,
      model: 'gpt-3.5-turbo-instruct',
      system_fingerprint: null,
      choices: [
        { index: 0, text: ' there', finish_reason: 'length', logprobs: { tokens: [' there'], token_logprobs: [-0.5], top_logprobs: [{ ' there': -0.5 }], text_offset: [5] } },
        { index: 1, text: '', finish_reason: 'stop', logprobs: null },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    const { o, s, p } = await serve(body, (x) => x.official.completions.create({ model: 'm', prompt: 'Hi' }), (x) => createCompletion(x.mw, { model: 'm', prompt: 'Hi' }));
    expect(plain(o)).toEqual(body);
    expect(plain(s)).toEqual(body);
    expect(plain(p)).toEqual(body);
  });

  it('float embeddings: the same vectors', async () => {
    const body = { object: 'list', model: 'text-embedding-3-small', data: [{ object: 'embedding', index: 0, embedding: [0.25, -1.5, 3] }, { object: 'embedding', index: 1, embedding: [0, 1e-7, -0] }], usage: { prompt_tokens: 2, total_tokens: 2 } };
    const params = { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' as const };
    const { o, s, p } = await serve(body, (x) => x.official.embeddings.create(params), (x) => createEmbedding(x.mw, params));
    expect(plain(o)).toEqual(plain(body));
    expect(plain(s)).toEqual(plain(o));
    expect(plain(p)).toEqual(plain(o));
  });

  it('base64 embeddings: the official client returns the base64 text when asked for base64 (numbers when it chose base64 itself); modelwire a Float32Array of the same values', async () => {
    const v = new Float32Array([0.25, -1.5, 3.140000104904175, 1e-7]);
    const body = { object: 'list', model: 'text-embedding-3-small', data: [{ object: 'embedding', index: 0, embedding: float32ToBase64(v) }], usage: { prompt_tokens: 1, total_tokens: 1 } };
    const asked = { model: 'text-embedding-3-small', input: 'a', encoding_format: 'base64' as const };
    const { o, s, p } = await serve(body, (x) => x.official.embeddings.create(asked), (x) => createEmbedding(x.mw, asked));
    expect((o as { data: Array<{ embedding: unknown }> }).data[0]!.embedding).toBe(float32ToBase64(v));
    expect(s.data[0]!.embedding).toBeInstanceOf(Float32Array);
    expect([...s.data[0]!.embedding]).toEqual([...v]);
    expect([...p.data[0]!.embedding]).toEqual([...v]);
    // no encoding_format: the official client asks for base64 and decodes it into numbers
    diff.answer((_req, res) => json(res, 200, body));
    const implicit = valueOf((await capture(diff.server, () => pick(strict).official.embeddings.create({ model: 'text-embedding-3-small', input: 'a' }))).outcome);
    expect(implicit.data[0]!.embedding).toEqual([...s.data[0]!.embedding]);
  });

  it('models list: the official client returns a page object, modelwire the list; the same models', async () => {
    const body = { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' }, { id: 'o1', object: 'model', created: 1734375816, owned_by: 'system' }] };
    const { o, s, p } = await serve(body, (x) => x.official.models.list(), (x) => listModels(x.mw));
    const page = o as { data: unknown[]; hasNextPage(): boolean };
    expect(plain(page.data)).toEqual(body.data);
    expect(page.hasNextPage()).toBe(false);
    expect(plain(s)).toEqual(body);
    expect(plain(p)).toEqual(body);
  });

  it('model retrieve: the same model', async () => {
    const body = { id: 'ft:gpt-4o-mini:acme::abc', object: 'model', created: 1, owned_by: 'acme' };
    const { o, s, p } = await serve(body, (x) => x.official.models.retrieve(body.id), (x) => retrieveModel(x.mw, body.id));
    expect(plain(o)).toEqual(body);
    expect(plain(s)).toEqual(body);
    expect(plain(p)).toEqual(body);
  });

  describe('a 200 whose body is not a JSON completion', () => {
    const chat = (x: Pair) => x.official.chat.completions.create({ model: 'm', messages });
    const mine = (x: Pair) => createChatCompletion(x.mw, { model: 'm', messages });
    const answerRaw = (type: string | undefined, text: string) =>
      diff.answer((_req, res) => {
        res.writeHead(200, type ? { 'content-type': type } : {});
        res.end(text);
      });

    it('a JSON completion labelled text/plain: the official client returns the text as the completion, modelwire parses and checks it', async () => {
      const body = { ...base, choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'stop' }] };
      answerRaw('text/plain', JSON.stringify(body));
      const o = valueOf((await capture(diff.server, () => chat(pick(strict)))).outcome);
      const m = valueOf((await capture(diff.server, () => mine(pick(strict)))).outcome);
      expect(o).toBe(JSON.stringify(body));
      expect(plain(m)).toEqual(body);
    });

    it('invalid JSON labelled application/json: the official client throws a SyntaxError, modelwire a ResponseValidationError keeping the text', async () => {
      answerRaw('application/json', '{"id": "chatcmpl-1", "choi');
      const o = await capture(diff.server, () => chat(pick(strict)));
      const m = await capture(diff.server, () => mine(pick(strict)));
      expect(o.outcome.ok ? undefined : o.outcome.error).toBeInstanceOf(SyntaxError);
      const err = m.outcome.ok ? undefined : m.outcome.error;
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect((err as ResponseValidationError).message).toMatch(/not valid JSON/);
    });

    it('an empty body: the official client returns an empty string as the completion, modelwire fails with a ResponseValidationError', async () => {
      answerRaw(undefined, '');
      const o = await capture(diff.server, () => chat(pick(strict)));
      const m = await capture(diff.server, () => mine(pick(strict)));
      expect(o.outcome.ok ? o.outcome.value : o.outcome.error).toBe('');
      expect(m.outcome.ok ? undefined : m.outcome.error).toBeInstanceOf(ResponseValidationError);
    });

    it('a JSON body of the wrong shape: the official client returns it as it is, modelwire fails with a ResponseValidationError naming the path', async () => {
      const body = { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: 'none' };
      diff.answer((_req, res) => json(res, 200, body));
      const o = valueOf((await capture(diff.server, () => chat(pick(strict)))).outcome);
      const m = await capture(diff.server, () => mine(pick(strict)));
      expect(plain(o)).toEqual(body);
      const err = m.outcome.ok ? undefined : m.outcome.error;
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect((err as ResponseValidationError).issues[0]?.path).toEqual(['choices']);
    });
  });
});
