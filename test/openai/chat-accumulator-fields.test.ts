/**
 * createChatAccumulator / accumulateChatStream against docs/openai.md ("Streaming and the
 * accumulator"): the result is "shaped like a non-streamed one" (ChatCompletionResponseMessage in
 * ../shared/specs/openai/openapi.yaml: `content` and `refusal` are null when absent, `logprobs` is
 * `{ content, refusal }` or null), reasoning text is joined under the field the server used
 * (`reasoning_content` on vLLM, `reasoning` on Together, Groq and Ollama), choices and tool calls
 * come out in index order whatever order their deltas arrived in, and `usage` is there only when a
 * usage chunk came.
 */
import { describe, expect, it } from 'vitest';
import { accumulateChatStream, createChatAccumulator, type ChatCompletionChunk, type ChatCompletionTokenLogprob } from '../../src/openai/index.js';

type Choice = ChatCompletionChunk['choices'][number];
const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1_741_570_283, model: 'gpt-4o-mini' };
const chunk = (choices: Array<Partial<Choice> & { index: number }>, extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk =>
  ({ ...head, choices: choices.map((c) => ({ delta: {}, finish_reason: null, ...c })), ...extra }) as ChatCompletionChunk;
const lp = (token: string): ChatCompletionTokenLogprob => ({ token, logprob: -0.5, bytes: null, top_logprobs: [] });
const fold = (chunks: ChatCompletionChunk[]) => {
  const acc = createChatAccumulator();
  for (const c of chunks) acc.add(c);
  return acc;
};

describe('completion-level fields', () => {
  it('id, created and model come from the first chunk that has them; fingerprint, service tier and usage from the last', () => {
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    const acc = fold([
      chunk([{ index: 0, delta: { role: 'assistant', content: 'a' } }], { id: '', created: 0, model: '' }),
      chunk([{ index: 0, delta: { content: 'b' } }], { id: 'chatcmpl-first', created: 100, model: 'first-model', system_fingerprint: 'fp_1', service_tier: 'default' }),
      chunk([{ index: 0, delta: { content: 'c' }, finish_reason: 'stop' }], { id: 'chatcmpl-other', created: 200, model: 'other-model', system_fingerprint: 'fp_2', service_tier: 'flex' }),
      chunk([], { id: 'chatcmpl-other', created: 200, model: 'other-model', system_fingerprint: null, usage }),
      // a trailing chunk without usage (or fingerprint) does not take back what came before
      chunk([]),
    ]);
    expect(acc.chunks).toBe(5);
    const final = acc.result();
    expect(final).toMatchObject({ id: 'chatcmpl-first', object: 'chat.completion', created: 100, model: 'first-model', system_fingerprint: 'fp_2', service_tier: 'flex', usage });
    expect(final.choices[0]?.message.content).toBe('abc');
  });

  it('a service tier sent once is kept when later chunks send service_tier null; null only when no chunk named one', () => {
    const tiered = fold([
      chunk([{ index: 0, delta: { content: 'a' } }], { service_tier: 'priority' }),
      chunk([{ index: 0, delta: { content: 'b' }, finish_reason: 'stop' }], { service_tier: null }),
      chunk([], { service_tier: null, usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
    ]).result();
    expect(tiered.service_tier).toBe('priority');
    const untiered = fold([chunk([{ index: 0, delta: { content: 'a' }, finish_reason: 'stop' }], { service_tier: null })]).result();
    expect(untiered).toHaveProperty('service_tier', null);
  });

  it('without a usage chunk, fingerprint or service tier the result has no such keys', () => {
    const final = fold([chunk([{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }])]).result();
    expect(Object.keys(final).sort()).toEqual(['choices', 'created', 'id', 'model', 'object']);
  });

  it('an empty accumulator gives an empty completion', () => {
    const acc = createChatAccumulator();
    expect(acc.chunks).toBe(0);
    expect(acc.result()).toEqual({ id: '', object: 'chat.completion', created: 0, model: '', choices: [] });
  });
});

describe('message fields', () => {
  it('a choice that never got content or refusal has both null and no tool_calls, function_call or reasoning keys', () => {
    const final = fold([chunk([{ index: 0, delta: { role: 'assistant' } }]), chunk([{ index: 0, finish_reason: 'stop' }])]).result();
    expect(final.choices).toEqual([{ index: 0, message: { role: 'assistant', content: null, refusal: null }, finish_reason: 'stop', logprobs: null }]);
    expect(Object.keys(final.choices[0]!.message).sort()).toEqual(['content', 'refusal', 'role']);
  });

  it("reasoning deltas are joined under the server's field: reasoning_content (vLLM) or reasoning (Together, Groq, Ollama)", () => {
    const vllm = fold([
      chunk([{ index: 0, delta: { reasoning_content: 'Let me ' } as Choice['delta'] }]),
      chunk([{ index: 0, delta: { reasoning_content: 'think.' } as Choice['delta'] }]),
      chunk([{ index: 0, delta: { content: '42' }, finish_reason: 'stop' }]),
    ]).result().choices[0]!.message as unknown as Record<string, unknown>;
    expect(vllm.reasoning_content).toBe('Let me think.');
    expect('reasoning' in vllm).toBe(false);
    expect(vllm.content).toBe('42');

    const together = fold([
      chunk([{ index: 0, delta: { reasoning: 'Hmm, ' } as Choice['delta'] }]),
      chunk([{ index: 0, delta: { reasoning: 'six times seven.' } as Choice['delta'] }]),
      chunk([{ index: 0, delta: { content: '42' }, finish_reason: 'stop' }]),
    ]).result().choices[0]!.message as unknown as Record<string, unknown>;
    expect(together.reasoning).toBe('Hmm, six times seven.');
    expect('reasoning_content' in together).toBe(false);
  });

  it('a later delta without finish_reason does not clear the one already received', () => {
    const final = fold([chunk([{ index: 0, delta: { content: 'x' }, finish_reason: 'length' }]), chunk([{ index: 0, delta: { content: '' }, finish_reason: null }])]).result();
    expect(final.choices[0]?.finish_reason).toBe('length');
  });
});

describe('sparse deltas', () => {
  it('a choice without a delta (only a finish reason) is read, not a TypeError', () => {
    const final = fold([chunk([{ index: 0, delta: { content: 'hi' } }]), chunk([{ index: 0, delta: undefined, finish_reason: 'stop' } as never])]).result();
    expect(final.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'hi' } });
  });

  it('function_call and tool-call deltas that leave out arguments or function add nothing to the arguments', () => {
    const final = fold([
      chunk([{ index: 0, delta: { function_call: { name: 'get_weather' } } as Choice['delta'] }]),
      chunk([{ index: 0, delta: { function_call: { arguments: '{}' } } as Choice['delta'] }]),
      chunk([{ index: 1, delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function' }] } }]),
      chunk([{ index: 1, delta: { tool_calls: [{ index: 0, function: { name: 'get_time' } }] } }]),
      chunk([{ index: 1, delta: { tool_calls: [{ index: 0, function: { arguments: '{"tz":"UTC"}' } }] } }]),
    ]).result();
    expect(final.choices[0]?.message.function_call).toEqual({ name: 'get_weather', arguments: '{}' });
    expect(final.choices[1]?.message.tool_calls).toEqual([{ id: 'call_a', type: 'function', function: { name: 'get_time', arguments: '{"tz":"UTC"}' } }]);
  });
});

describe('order by index', () => {
  it('choices come out sorted by index whatever order their first deltas arrived in', () => {
    const final = fold([
      chunk([{ index: 2, delta: { content: 'c' } }]),
      chunk([{ index: 0, delta: { content: 'a' } }, { index: 1, delta: { content: 'b' } }]),
      chunk([{ index: 2, delta: { content: 'C' }, finish_reason: 'stop' }]),
    ]).result();
    expect(final.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'cC'],
    ]);
  });

  it('tool calls come out sorted by their delta index, always typed function', () => {
    const final = fold([
      chunk([{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] } }]),
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] } }]),
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish_reason: 'tool_calls' }]),
    ]).result();
    expect(final.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it('a tool call whose id and name arrive after its first delta still gets them', () => {
    const final = fold([
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{' } }] } }]),
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_late', function: { name: 'late_name', arguments: '}' } }] } }]),
    ]).result();
    expect(final.choices[0]?.message.tool_calls).toEqual([{ id: 'call_late', type: 'function', function: { name: 'late_name', arguments: '{}' } }]);
  });
});

describe('logprobs', () => {
  it('refusal log probabilities alone give { content: null, refusal: [...] }, and a snapshot of them does not grow', () => {
    const acc = fold([chunk([{ index: 0, delta: { refusal: "I'm " }, logprobs: { content: null, refusal: [lp("I'm ")] } }])]);
    const snapshot = acc.result();
    acc.add(chunk([{ index: 0, delta: { refusal: 'sorry' }, logprobs: { content: null, refusal: [lp('sorry')] } }]));
    const final = acc.result();
    expect(final.choices[0]?.message.refusal).toBe("I'm sorry");
    expect(final.choices[0]?.logprobs).toEqual({ content: null, refusal: [lp("I'm "), lp('sorry')] });
    expect(snapshot.choices[0]?.logprobs).toEqual({ content: null, refusal: [lp("I'm ")] });
  });

  it('content log probabilities alone give { content: [...], refusal: null }; a numeric logprobs (Together) is its delta\'s token', () => {
    const final = fold([
      chunk([{ index: 0, delta: { content: 'a' }, logprobs: { content: [lp('a')], refusal: null } }]),
      chunk([{ index: 0, delta: { content: 'b' }, logprobs: -0.25 }]),
      chunk([{ index: 0, delta: { content: 'c' }, logprobs: { content: [lp('c')], refusal: null } }]),
    ]).result();
    expect(final.choices[0]?.logprobs).toEqual({ content: [lp('a'), lp('c')], refusal: null, tokens: ['b'], token_logprobs: [-0.25] });
  });

  it("numeric logprobs alone (Together) give its non-streamed LogprobsPart: { tokens, token_logprobs }, and a snapshot of them does not grow", () => {
    const acc = fold([chunk([{ index: 0, delta: { role: 'assistant', content: 'Par' }, logprobs: -0.5 }])]);
    const snapshot = acc.result();
    acc.add(chunk([{ index: 0, delta: { content: 'is' }, logprobs: -0.25 }]));
    acc.add(chunk([{ index: 0, delta: {}, finish_reason: 'eos', logprobs: null }]));
    expect(acc.result().choices[0]?.logprobs).toEqual({ tokens: ['Par', 'is'], token_logprobs: [-0.5, -0.25] });
    expect(snapshot.choices[0]?.logprobs).toEqual({ tokens: ['Par'], token_logprobs: [-0.5] });
  });
});

describe('accumulateChatStream', () => {
  it('hands every chunk to onChunk, in order, before folding it', async () => {
    const chunks = [chunk([{ index: 0, delta: { content: 'a' } }]), chunk([{ index: 0, delta: { content: 'b' }, finish_reason: 'stop' }])];
    async function* stream() {
      yield* chunks;
    }
    const seen: ChatCompletionChunk[] = [];
    const final = await accumulateChatStream(stream(), (c) => seen.push(c));
    expect(seen).toEqual(chunks);
    expect(final.choices[0]?.message.content).toBe('ab');
  });
});
