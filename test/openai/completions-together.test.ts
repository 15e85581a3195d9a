/**
 * Legacy completions answered as ../shared/specs/together/openapi.yaml describes them:
 * - `CompletionChunk` carries `finish_reason` at the top level of the chunk; its `CompletionChoice`
 *   items have no `finish_reason` at all (required: [index]);
 * - `CompletionResponse.choices[].logprobs` is a `LogprobsPart` whose `top_logprobs` is a
 *   `TopLogprobs` object (`additionalProperties: number`), not an array;
 * - a `CompletionChoice` of a chunk may leave `text` out and carry the piece as `delta.content`
 *   (Together's own SDK reads only that: its `CompletionChoicesChunk` has no `text`), with the
 *   token's log probability as a plain number in `logprobs`.
 * docs/openai.md lists Together as a supported server for legacy completions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { accumulateCompletionStream, createCompletion, openAIClientOptions } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let together: TestServer | undefined;
afterEach(async () => {
  await together?.close();
  together = undefined;
});
const client = () => createClient(openAIClientOptions({ baseURL: `${together!.url}/v1`, retry: false }));

describe('Together legacy completions', () => {
  it("a streamed completion keeps the chunk-level finish_reason (Together's CompletionChunk)", async () => {
    together = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (text: string, id: number, finish: string | null) =>
        `data: ${JSON.stringify({ id: '8f1b', object: 'completion.chunk', token: { id, text, logprob: -0.1, special: false }, choices: [{ index: 0, text }], usage: null, finish_reason: finish })}\n\n`;
      res.write(chunk(' Par', 1, null));
      res.write(chunk('is', 2, 'length'));
      res.end('data: [DONE]\n\n');
    });
    const chunks: Array<string | null | undefined> = [];
    const final = await accumulateCompletionStream(
      await createCompletion(client(), { model: 'm', prompt: 'The capital of France is', max_tokens: 2, stream: true }),
      (c) => chunks.push(c.choices[0]?.finish_reason),
    );
    expect(final.choices[0]?.text).toBe(' Paris');
    // the output was cut by max_tokens: a caller must be able to see that
    expect(final.choices[0]?.finish_reason).toBe('length');
    expect(chunks.at(-1)).toBe('length');
  });

  it('a completion with logprobs (top_logprobs as a TopLogprobs object) is read, not refused', async () => {
    const logprobs = { token_ids: [6342], tokens: [' Paris'], token_logprobs: [-0.02], top_logprobs: { ' Paris': -0.02 } };
    together = await startTestServer((_req, res) =>
      json(res, 200, {
        id: '8f1c',
        object: 'text.completion',
        created: 1717000000,
        model: 'meta-llama/Llama-3-8b-hf',
        prompt: [],
        choices: [{ index: 0, text: ' Paris', finish_reason: 'eos', logprobs }],
        usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
      }),
    );
    const res = await createCompletion(client(), { model: 'meta-llama/Llama-3-8b-hf', prompt: 'The capital of France is', logprobs: 1 });
    expect(res.choices[0]?.text).toBe(' Paris');
    expect(res.choices[0]?.logprobs).toMatchObject({ tokens: [' Paris'], token_logprobs: [-0.02], top_logprobs: { ' Paris': -0.02 } });
  });

  it("a streamed completion whose choices carry the text as delta.content (no text) keeps it, and a number logprobs is that token's", async () => {
    together = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (text: string, id: number, logprob: number, finish: string | null) =>
        `data: ${JSON.stringify({
          id: '8f1d',
          object: 'completion.chunk',
          created: 1717000000,
          model: 'meta-llama/Llama-3-8b-hf',
          token: { id, text, logprob, special: false },
          choices: [{ index: 0, logprobs: logprob, seed: null, finish_reason: finish, delta: { token_id: id, role: 'assistant', content: text, tool_calls: null } }],
          usage: finish ? { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } : null,
          finish_reason: finish,
        })}\n\n`;
      res.write(chunk(' Par', 1, -0.25, null));
      res.write(chunk('is', 2, -0.5, 'length'));
      res.end('data: [DONE]\n\n');
    });
    const pieces: string[] = [];
    const final = await accumulateCompletionStream(
      await createCompletion(client(), { model: 'meta-llama/Llama-3-8b-hf', prompt: 'The capital of France is', max_tokens: 2, logprobs: 1, stream: true }),
      (c) => pieces.push(c.choices[0]!.text),
    );
    expect(pieces).toEqual([' Par', 'is']);
    expect(final.choices[0]?.text).toBe(' Paris');
    expect(final.choices[0]?.finish_reason).toBe('length');
    expect(final.choices[0]?.logprobs).toEqual({ tokens: [' Par', 'is'], token_logprobs: [-0.25, -0.5] });
    expect(final.usage?.total_tokens).toBe(7);
  });
});
