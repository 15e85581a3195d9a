/**
 * Differential, property-based: random streamed chats (1–3 choices interleaved; content, refusal and
 * tool-call deltas in random pieces; logprobs; a usage chunk) accumulated by modelwire's
 * `accumulateChatStream` and by the official client's `finalChatCompletion()` must give the same
 * final completion. Seeded: a failure prints the seed and the shrunk case (`FC_SEED=… ` replays it).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accumulateChatStream, createChatCompletion } from '../../src/openai/index.js';
import { sse } from '../helpers/test-server.js';
import { capture, pairs, plain, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let pair: Pair;
beforeAll(async () => {
  diff = await startDiffServer();
  pair = pairs(diff)[1]!; // undici: the faster of the two
});
afterAll(() => diff.close());

const head = { id: 'chatcmpl-r', object: 'chat.completion.chunk', created: 1, model: 'm', system_fingerprint: 'fp' };
/** Non-empty text (the official client skips empty pieces; modelwire keeps `""`, a documented difference). */
const piece = fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'é', ' ', '漢', '👍', '"', '\\', '\n', '{', '}') });
const lp = (token: string) => ({ token, logprob: -0.5, bytes: [...Buffer.from(token)], top_logprobs: [] });

/** One choice's deltas, in order: role first, then pieces of content / refusal / tool calls, then the finish. */
const choiceDeltas = fc
  .record({
    content: fc.array(piece, { maxLength: 4 }),
    refusal: fc.array(piece, { maxLength: 2 }),
    tools: fc.array(fc.record({ name: fc.constantFrom('f', 'get_weather'), args: fc.array(piece, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
    withLogprobs: fc.boolean(),
    finish: fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter'),
  })
  .map(({ content, refusal, tools, withLogprobs, finish }) => {
    const deltas: Array<{ delta: Record<string, unknown>; logprobs: unknown; finish: string | null }> = [];
    const push = (delta: Record<string, unknown>, logprobs: unknown = null) => deltas.push({ delta, logprobs, finish: null });
    push({ role: 'assistant', content: null, refusal: null });
    for (const text of content) push({ content: text }, withLogprobs ? { content: [lp(text)], refusal: null } : null);
    for (const text of refusal) push({ refusal: text });
    tools.forEach((tool, index) => {
      push({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: tool.name, arguments: '' } }] });
      for (const arg of tool.args) push({ tool_calls: [{ index, function: { arguments: arg } }] });
    });
    deltas.push({ delta: {}, logprobs: null, finish });
    return deltas;
  });

/** 1–3 choices, their deltas interleaved in a random order that keeps each choice's own order. */
const streams = fc
  .tuple(fc.array(choiceDeltas, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), fc.boolean())
  .map(([choices, picks, usage]) => {
    const queues = choices.map((d, index) => d.map((x) => ({ index, ...x })));
    const chunks: object[] = [];
    let turn = 0;
    while (queues.some((q) => q.length > 0)) {
      const open = queues.filter((q) => q.length > 0);
      const next = open[picks[turn++ % picks.length]! % open.length]!.shift()!;
      chunks.push({ ...head, choices: [{ index: next.index, delta: next.delta, logprobs: next.logprobs, finish_reason: next.finish }] });
    }
    if (usage) chunks.push({ ...head, choices: [], usage: { prompt_tokens: 1, completion_tokens: chunks.length, total_tokens: chunks.length + 1 } });
    return chunks;
  });

/** What the official client's final completion adds for `parse` (nothing of the answer). */
function withoutParseFields(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'parsed' || key === 'parsed_arguments' ? undefined : v)) as unknown;
}

it('random streamed chats accumulate to the same final completion in both clients', async () => {
  const params = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
  await fc.assert(
    fc.asyncProperty(streams, async (chunks) => {
      diff.answer((_req, res) => sse(res, [...chunks, '[DONE]']));
      const o = await capture(diff.server, () => pair.official.chat.completions.stream(params).finalChatCompletion());
      const m = await capture(diff.server, async () => accumulateChatStream(await createChatCompletion(pair.mw, { ...params, stream: true })));
      expect(plain(valueOf(m.outcome))).toEqual(withoutParseFields(valueOf(o.outcome)));
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 60), seed: process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED) },
  );
});
