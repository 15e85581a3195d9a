import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { accumulateChatStream, accumulateCompletionStream, createOpenAIClient, type ChatCompletionChoiceLogprobs, type OpenAIClient } from '../../src/openai/index.js';
import { TOOL_CALLS, startOpenAIServer, type OpenAIFlavor, type OpenAIServer } from '../helpers/openai-server.js';

// Compatible servers omit or add fields; the default strict schemas must accept all of them.
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

const messages = [{ role: 'user' as const, content: 'Say hello' }];
const expectedCalls = TOOL_CALLS.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));

for (const flavor of ['vllm', 'tgi', 'together', 'ollama'] satisfies OpenAIFlavor[]) {
  describe(`${flavor}-shaped responses under strict validation`, () => {
    beforeAll(() => {
      api.options.flavor = flavor;
    });
    afterAll(() => {
      api.options.flavor = 'openai';
    });

    it('chat JSON, including tool calls', async () => {
      const c = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(c.choices[0]?.message.content).toBe('Hello! How can I help you today?');
      expect(c.object).toBe('chat.completion');
      expect(['stop', 'eos']).toContain(c.choices[0]?.finish_reason);
      expect(c.usage?.total_tokens).toBe(29);
      const two = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, n: 2 });
      expect(two.choices.map((ch) => ch.index)).toEqual([0, 1]);
      const t = await openai.chat.completions.create({ model: 'tool-model', messages, tools: [{ type: 'function', function: { name: 'get_weather' } }] });
      expect(t.choices[0]?.message.tool_calls).toEqual(expectedCalls);
      expect(t.choices[0]?.message.content).toBeNull();
    });

    /**
     * The reply's tokens each with `logprob`: Together's LogprobsPart (tokens and token_logprobs
     * side by side), Ollama's `none` (it sends no logprobs), the others' OpenAI `content` entries.
     */
    function expectLogprobs(lp: ChatCompletionChoiceLogprobs | null | undefined, logprob: number, none: null | undefined): void {
      const tokens = ['Hello! ', 'How ', 'can ', 'I ', 'help ', 'you ', 'today?'];
      if (flavor === 'together') {
        expect(lp?.tokens).toEqual(tokens);
        expect(lp?.token_logprobs).toEqual(tokens.map(() => logprob));
      } else if (flavor === 'ollama') {
        expect(lp).toBe(none);
      } else {
        expect(lp?.content?.map((t) => [t.token, t.logprob])).toEqual(tokens.map((t) => [t, logprob]));
      }
    }

    it('chat logprobs, in the shape the server sends them, survive strict validation', async () => {
      const c = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, logprobs: true });
      expectLogprobs(c.choices[0]?.logprobs, -0.1, undefined);
    });

    it('streamed chat logprobs are collected by the accumulator like the non-streamed ones', async () => {
      // Together's chunks carry one number each: the logprob of the token in their delta
      const final = await accumulateChatStream(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, logprobs: true, stream: true }));
      expectLogprobs(final.choices[0]?.logprobs, flavor === 'together' ? -0.25 : -0.5, null);
    });

    it('chat stream with usage and tool-call deltas', async () => {
      const s = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
      const final = await accumulateChatStream(s);
      expect(final.choices[0]?.message.content).toBe('Hello! How can I help you today?');
      expect(final.usage?.total_tokens).toBe(29);
      const t = await accumulateChatStream(await openai.chat.completions.stream({ model: 'tool-model', messages, tools: [{ type: 'function', function: { name: 'f' } }] }));
      expect(t.choices[0]?.message.tool_calls).toEqual(expectedCalls);
    });

    it('models list is normalised to { object: "list", data }', async () => {
      const list = await openai.models.list();
      expect(list.object).toBe('list');
      expect(list.data[0]?.id).toBe('gpt-4o-mini');
    });

    it('a streamed completion: text joined, finish_reason null on every chunk but the last', async () => {
      const finishes: unknown[] = [];
      const final = await accumulateCompletionStream(await openai.completions.create({ model: 'm', prompt: 'Once', stream: true }), (c) => finishes.push(c.choices[0]?.finish_reason));
      expect(final.choices[0]?.text).toBe(' there was a little robot.');
      expect(final.choices[0]?.finish_reason).toBe('length');
      expect(finishes.at(-1)).toBe('length');
      expect(finishes.length).toBeGreaterThan(2);
      expect(new Set(finishes.slice(0, -1))).toEqual(new Set([null]));
      if (flavor === 'tgi') expect(final.usage?.total_tokens).toBe(12);
    });

    it('completions and embeddings', async () => {
      expect((await openai.completions.create({ model: 'm', prompt: 'Once' })).choices[0]?.text).toBe(' there was a little robot.');
      const e = await openai.embeddings.create({ model: 'm', input: ['a'], encoding_format: 'base64' });
      expect(e.data[0]?.embedding).toBeInstanceOf(Float32Array);
    });
  });
}

describe('validation modes', () => {
  it('strict drops unknown fields, passthrough keeps them, a wrong shape is a ResponseValidationError', async () => {
    api.options.flavor = 'vllm';
    try {
      const strict = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect('prompt_logprobs' in strict).toBe(false);
      const loose = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { validation: 'passthrough' });
      expect('prompt_logprobs' in loose).toBe(true);
    } finally {
      api.options.flavor = 'openai';
    }
    api.server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 42 } }] }));
    });
    const err = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.path).toEqual(['choices', 0, 'message', 'content']);
    const off = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { validation: 'off' });
    expect(off.choices[0]?.message.content).toBe(42);
  });
});
