import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accumulateCompletionStream, createCompletion, createOpenAIClient, type Completion, type OpenAIClient } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let api: OpenAIServer;
let openai: OpenAIClient;
beforeAll(async () => {
  api = await startOpenAIServer({ conformance: true });
  openai = createOpenAIClient({ baseURL: api.baseURL, retry: false });
});
afterAll(async () => {
  await api.close();
  api.conformance!.assertNoViolations();
  api.conformance!.assertExercised(['createCompletion']);
});

describe('completions.create', () => {
  it('JSON', async () => {
    const params = { model: 'gpt-3.5-turbo-instruct', prompt: 'Once upon a time', max_tokens: 7, temperature: 0, echo: false, suffix: null, logprobs: 2, stop: '\n', seed: 1 };
    const res = await openai.completions.create(params);
    expect(res.object).toBe('text_completion');
    expect(res.choices[0]).toEqual({ index: 0, text: ' there was a little robot.', logprobs: null, finish_reason: 'length' });
    expect(res.usage?.total_tokens).toBe(12);
    expect(api.server.requests.at(-1)!.json()).toEqual(params);
  });

  it('streaming, with the usage chunk, accumulated', async () => {
    const stream = await createCompletion(openai.client, { model: 'gpt-3.5-turbo-instruct', prompt: ['Once upon a time'], stream: true, stream_options: { include_usage: true } });
    const chunks: Completion[] = [];
    const final = await accumulateCompletionStream(stream, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(3);
    expect(final.choices[0]?.text).toBe(' there was a little robot.');
    expect(final.choices[0]?.finish_reason).toBe('length');
    expect(final.usage?.completion_tokens).toBe(7);
  });

  it('token prompts; missing prompt is rejected before sending', async () => {
    const res = await openai.completions.create({ model: 'davinci-002', prompt: [[1212, 318], [257, 1332]] });
    expect(res.choices).toHaveLength(1);
    await expect(openai.completions.create({ model: 'davinci-002' } as never)).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'prompt' });
  });
});
