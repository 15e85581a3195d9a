/**
 * Differential: a streamed chat accumulated into one completion. modelwire's
 * `accumulateChatStream` against the official client's
 * `chat.completions.stream(...).finalChatCompletion()`, on the same chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accumulateChatStream, createChatCompletion } from '../../src/openai/index.js';
import { sse } from '../helpers/test-server.js';
import { capture, pairs, plain, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let all: Pair[];
beforeAll(async () => {
  diff = await startDiffServer();
  all = [...pairs(diff), ...pairs(diff, { split: true })];
});
afterAll(() => diff.close());

const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
const head = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', system_fingerprint: 'fp_9', service_tier: 'default' };
type Delta = Record<string, unknown>;
const c = (index: number, delta: Delta, finish: string | null = null, logprobs: unknown = null) => ({ ...head, choices: [{ index, delta, logprobs, finish_reason: finish }] });

/** What the official client's final completion adds for `parse` (nothing of the answer): removed before comparing. */
function withoutParseFields(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'parsed' || key === 'parsed_arguments' ? undefined : v)) as unknown;
}

const CASES: Record<string, object[]> = {
  'content split over chunks, with usage': [
    c(0, { role: 'assistant', content: '', refusal: null }),
    c(0, { content: 'Hel' }),
    c(0, { content: 'lo, ' }),
    c(0, { content: 'wörld 👍' }),
    c(0, {}, 'stop'),
    { ...head, choices: [], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } } },
  ],
  'a refusal split over chunks': [
    c(0, { role: 'assistant', content: null, refusal: '' }),
    c(0, { refusal: "I'm sorry, " }),
    c(0, { refusal: "I can't help." }),
    c(0, {}, 'stop'),
  ],
  'two tool calls, arguments split and interleaved': [
    c(0, { role: 'assistant', content: null, refusal: null }),
    c(0, { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    c(0, { tool_calls: [{ index: 0, function: { arguments: '{"loca' } }] }),
    c(0, { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }] }),
    c(0, { tool_calls: [{ index: 0, function: { arguments: 'tion":"Paris"}' } }] }),
    c(0, { tool_calls: [{ index: 1, function: { arguments: '{"tz":"Asia/Tokyo"}' } }] }),
    c(0, {}, 'tool_calls'),
  ],
  'two choices interleaved (n = 2)': [
    c(0, { role: 'assistant', content: '' }),
    c(1, { role: 'assistant', content: '' }),
    c(1, { content: 'Second ' }),
    c(0, { content: 'First ' }),
    c(0, { content: 'one' }),
    c(1, { content: 'two' }),
    c(1, {}, 'length'),
    c(0, {}, 'stop'),
  ],
  'logprobs per chunk': [
    c(0, { role: 'assistant', content: '' }, null, { content: [], refusal: null }),
    c(0, { content: 'Hi' }, null, { content: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }], refusal: null }),
    c(0, { content: '!' }, null, { content: [{ token: '!', logprob: -0.2, bytes: [33], top_logprobs: [] }], refusal: null }),
    c(0, {}, 'stop'),
  ],
  'a deprecated function_call split over chunks': [
    c(0, { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '' } }),
    c(0, { function_call: { arguments: '{"q":' } }),
    c(0, { function_call: { arguments: '"x"}' } }),
    c(0, {}, 'function_call'),
  ],
  'usage on every chunk (Fireworks) and repeated ids and names (some servers)': [
    { ...c(0, { role: 'assistant', content: null }), usage: { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 } },
    { ...c(0, { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"a"' } }] }), usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
    { ...c(0, { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: ':1}' } }] }), usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
    { ...c(0, {}, 'tool_calls'), usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 } },
  ],
  'a moderation chunk (moderated completions)': [
    c(0, { role: 'assistant', content: 'Hi' }),
    c(0, {}, 'stop'),
    { ...head, choices: [], moderation: { input: { type: 'moderation_results', model: 'omni-moderation-latest', results: [{ flagged: false }] }, output: { type: 'error', code: 'timeout', message: 'Moderation timed out.' } } },
  ],
  'service_tier and system_fingerprint null on every chunk': [
    { ...c(0, { role: 'assistant', content: 'a' }), service_tier: null, system_fingerprint: null },
    { ...c(0, {}, 'stop'), service_tier: null, system_fingerprint: null },
  ],
  'content and a refusal in one message': [
    c(0, { role: 'assistant', content: 'Part', refusal: null }),
    c(0, { content: ' one.' }),
    c(0, { refusal: 'No more.' }),
    c(0, {}, 'stop'),
  ],
};

describe.each([0, 1, 2, 3])('pair %i (fetch, undici; then both with one-byte chunks)', (i) => {
  const pair = (): Pair => all[i]!;

  it.each(Object.entries(CASES))('%s: the same final completion', async (_name, chunks) => {
    diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
    const o = await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion());
    const m = await capture(diff.server, async () => accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true })));
    const official = withoutParseFields(valueOf(o.outcome));
    expect(plain(valueOf(m.outcome))).toEqual(official);
    expect((official as { choices: unknown[] }).choices).toHaveLength(chunks.some((x) => (x as { choices: Array<{ index: number }> }).choices[0]?.index === 1) ? 2 : 1);
  });

  it('only empty content deltas next to tool calls (vLLM): the official client gives null, modelwire the empty string the server sent', async () => {
    const chunks = [c(0, { role: 'assistant', content: '' }), c(0, { content: '', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{}' } }] }), c(0, {}, 'tool_calls')];
    diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
    const o = valueOf((await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion())).outcome);
    const m = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect(o.choices[0]?.message.content).toBeNull();
    expect(m.choices[0]?.message.content).toBe('');
    expect(plain({ ...m, choices: [{ ...m.choices[0], message: { ...m.choices[0]!.message, content: null } }] })).toEqual(withoutParseFields(o));
  });

  it.each([
    ['no finish_reason (a server that ends the stream without one)', [c(0, { role: 'assistant', content: 'hi' })], 'missing finish_reason for choice 0', { finish_reason: null, message: { role: 'assistant', content: 'hi', refusal: null } }],
    ['no role in any delta (some compatible servers)', [c(0, { content: 'hi' }), c(0, {}, 'stop')], 'missing role for choice 0', { finish_reason: 'stop', message: { role: 'assistant', content: 'hi', refusal: null } }],
  ])('%s: the official client throws, modelwire returns what was sent', async (_name, chunks, officialMessage, choice) => {
    diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
    const o = await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion());
    const m = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect(o.outcome.ok).toBe(false);
    expect((o.outcome as { error: Error }).error.message).toBe(officialMessage);
    expect(m.choices[0]).toMatchObject(choice);
  });

  it('chunks whose created differs (llama.cpp stamps each chunk): modelwire keeps the first, the official client the last', async () => {
    const chunks = [{ ...c(0, { role: 'assistant', content: 'a' }), created: 100 }, { ...c(0, { content: 'b' }), created: 101 }, { ...c(0, {}, 'stop'), created: 102 }];
    diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
    const o = valueOf((await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion())).outcome);
    const m = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect([m.created, o.created]).toEqual([100, 102]);
    expect(plain({ ...m, created: 102 })).toEqual(withoutParseFields(o));
  });

  it('tool-call pieces without index (Gemini): modelwire gives each call, the official client none', async () => {
    const calls = [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Asia/Tokyo"}' } },
    ];
    const chunks = [c(0, { role: 'assistant', content: null }), ...calls.map((t) => c(0, { tool_calls: [t] })), c(0, {}, 'tool_calls')];
    diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
    const o = valueOf((await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion())).outcome);
    const m = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect(plain(o.choices[0]?.message.tool_calls)).toEqual([]);
    expect(m.choices[0]?.message.tool_calls).toEqual(calls);
  });

  it('calls that share index 0 (Ollama): modelwire keeps them apart, the official client joins them into one', async () => {
    const calls = [
      { id: 'call_a', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":2}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
    ];
    const chunks = [c(0, { role: 'assistant', content: null }), ...calls.map((t) => c(0, { tool_calls: [{ index: 0, ...t }] })), c(0, {}, 'tool_calls')];
    diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
    const o = valueOf((await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion())).outcome);
    const m = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect(plain(withoutParseFields(o.choices[0]?.message.tool_calls))).toEqual([{ id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"a":2,"b":2}{"city":"Tokyo"}' } }]);
    expect(m.choices[0]?.message.tool_calls).toEqual(calls);
  });

  it('a finish chunk whose delta is null (Azure): modelwire gives the final completion, the official client throws', async () => {
    diff.answer((_req, res) => sse(res, [c(0, { role: 'assistant', content: 'Hi' }), c(0, null as never, 'stop'), '[DONE]']));
    const o = await capture(diff.server, () => pair().official.chat.completions.stream(params).finalChatCompletion());
    const m = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect(o.outcome.ok).toBe(false);
    expect(m.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Hi' } });
  });

  it('the final completion has what the chunks carried (not two empty results)', async () => {
    diff.answer((_req, res) => sse(res, [...CASES['two tool calls, arguments split and interleaved']!, '[DONE]']));
    const final = await accumulateChatStream(await createChatCompletion(pair().mw, { ...params, stream: true }));
    expect(final.choices[0]?.message.tool_calls?.map((t) => (t.type === 'function' ? [t.id, t.function.name, t.function.arguments] : []))).toEqual([
      ['call_a', 'get_weather', '{"location":"Paris"}'],
      ['call_b', 'get_time', '{"tz":"Asia/Tokyo"}'],
    ]);
  });
});
