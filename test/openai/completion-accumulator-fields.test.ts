/**
 * accumulateCompletionStream against docs/openai.md ("Legacy completions" and the Together row of
 * "Compatible servers"): text and `logprobs` joined per choice (`logprobs: null` when no chunk
 * carried any), choices in index order, the last finish reason, usage only when a usage chunk came;
 * per-position logprob arrays are joined while Together's `top_logprobs` object is "the latest one".
 * The completion's id, created, model and system_fingerprint are those of the first chunk.
 */
import { describe, expect, it } from 'vitest';
import { accumulateCompletionStream, type Completion } from '../../src/openai/index.js';

type Choice = Completion['choices'][number];
const chunk = (choices: Array<Partial<Choice> & { index: number }>, extra: Partial<Completion> = {}): Completion =>
  ({ id: 'cmpl-1', object: 'text_completion', created: 11, model: 'm', choices: choices.map((c) => ({ text: '', finish_reason: null, logprobs: null, ...c })), ...extra }) as Completion;
async function* streamOf(chunks: Completion[]) {
  yield* chunks;
}

describe('accumulateCompletionStream', () => {
  it("takes id, created, model and system_fingerprint from the first chunk, usage from the usage chunk, and hands each chunk to onChunk", async () => {
    const usage = { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 };
    const chunks = [
      chunk([{ index: 0, text: 'Once' }], { id: 'cmpl-first', created: 100, model: 'first', system_fingerprint: 'fp_first' }),
      chunk([{ index: 0, text: ' upon', finish_reason: 'length' }], { id: 'cmpl-later', created: 200, model: 'later', system_fingerprint: 'fp_later' }),
      chunk([], { id: 'cmpl-later', usage }),
      // a trailing chunk without usage does not take it back
      chunk([], { id: 'cmpl-later' }),
    ];
    const seen: Completion[] = [];
    const final = await accumulateCompletionStream(streamOf(chunks), (c) => seen.push(c));
    expect(seen).toEqual(chunks);
    expect(final).toEqual({
      id: 'cmpl-first',
      object: 'text_completion',
      created: 100,
      model: 'first',
      system_fingerprint: 'fp_first',
      usage,
      choices: [{ index: 0, text: 'Once upon', finish_reason: 'length', logprobs: null }],
    });
  });

  it('without usage or fingerprint the result has no such keys; an empty stream gives an empty completion', async () => {
    const plain = await accumulateCompletionStream(streamOf([chunk([{ index: 0, text: 'x', finish_reason: 'stop' }])]));
    expect(Object.keys(plain).sort()).toEqual(['choices', 'created', 'id', 'model', 'object']);
    expect(await accumulateCompletionStream(streamOf([]))).toEqual({ id: '', object: 'text_completion', created: 0, model: '', choices: [] });
  });

  it('joins text per choice and returns the choices in index order; a later null finish_reason keeps the earlier one', async () => {
    const final = await accumulateCompletionStream(
      streamOf([
        chunk([{ index: 1, text: 'B' }]),
        chunk([{ index: 0, text: 'a' }, { index: 1, text: 'b', finish_reason: 'stop' }]),
        chunk([{ index: 0, text: 'A', finish_reason: 'length' }, { index: 1, text: '' }]),
      ]),
    );
    expect(final.choices.map((c) => [c.index, c.text, c.finish_reason])).toEqual([
      [0, 'aA', 'length'],
      [1, 'Bb', 'stop'],
    ]);
  });

  it('joins per-position logprob arrays present in some chunks only, and keeps the latest top_logprobs object (Together)', async () => {
    const final = await accumulateCompletionStream(
      streamOf([
        chunk([{ index: 0, text: ' Paris', logprobs: { tokens: [' Paris'], token_logprobs: [-0.02], top_logprobs: { ' Paris': -0.02 } as never, text_offset: [0] } }]),
        chunk([{ index: 0, text: '.', logprobs: null }]),
        chunk([{ index: 0, text: '!', logprobs: { tokens: ['!'], token_logprobs: [-1.5], top_logprobs: { '!': -1.5, '.': -2 } as never } }]),
      ]),
    );
    // text_offset came only with the first chunk: a later chunk without it keeps what was joined
    expect(final.choices[0]?.logprobs).toEqual({ tokens: [' Paris', '!'], token_logprobs: [-0.02, -1.5], top_logprobs: { '!': -1.5, '.': -2 }, text_offset: [0] });
  });

  it('a plain number array (TGI) that starts in a later chunk is joined from there', async () => {
    const final = await accumulateCompletionStream(
      streamOf([chunk([{ index: 0, text: 'a' }]), chunk([{ index: 0, text: 'b', logprobs: [-0.5] as never }]), chunk([{ index: 0, text: 'c', logprobs: [-0.25] as never }])]),
    );
    expect(final.choices[0]?.logprobs).toEqual([-0.5, -0.25]);
  });
});
