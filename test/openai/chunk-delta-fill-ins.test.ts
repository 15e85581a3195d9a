/**
 * A streamed chat chunk's choice whose `delta` is `null` (Azure OpenAI's last chunk) or missing
 * (some compatible servers' finish chunk): OpenAI's spec requires the object, and the type
 * promises it (`chunk.choices[0].delta.content` is how the docs read a stream). The stream reads it
 * as `{}` (docs/openai.md, "Streaming and the accumulator").
 */
import { describe, expect, it } from 'vitest';
import { accumulateChatStream, streamChatCompletion, type ChatCompletionChunk } from '../../src/openai/index.js';
import { useConformantServer } from './_conformant.js';

const fx = useConformantServer();
const messages = [{ role: 'user' as const, content: 'Hi' }];
const REPLY = 'Hello! How can I help you today?';

describe('a finish chunk whose delta is null or missing', () => {
  for (const finishDelta of ['null', 'missing'] as const) {
    for (const validation of ['strict', 'passthrough', 'off'] as const) {
      it(`${finishDelta} (${validation}): read as an empty delta; the content, finish reasons and usage of every choice are kept`, async () => {
        fx.api.options.finishDelta = finishDelta;
        const chunks: ChatCompletionChunk[] = [];
        const stream = await streamChatCompletion(fx.client, { model: 'gpt-4o-mini', messages, n: 2, stream_options: { include_usage: true } }, { validation });
        const final = await accumulateChatStream(stream, (c) => chunks.push(c));
        const finishes = chunks.flatMap((c) => c.choices).filter((ch) => ch.finish_reason);
        expect(finishes.map((ch) => [ch.index, ch.delta])).toEqual([
          [0, {}],
          [1, {}],
        ]);
        expect(final.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
          [0, REPLY, 'stop'],
          [1, REPLY, 'stop'],
        ]);
        expect(final.usage?.total_tokens).toBe(29);
      });
    }
  }

  it('a tool-call stream ending with a null delta keeps its calls', async () => {
    fx.api.options.finishDelta = 'null';
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const final = await accumulateChatStream(await streamChatCompletion(fx.client, { model: 'tool-model', messages, tools }));
    expect(final.choices[0]?.message.tool_calls).toHaveLength(2);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });
});
