import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { accumulateCompletionStream, createCompletion, createOpenAIClient, type Completion, type OpenAIClient } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

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

// ../shared/specs/together/openapi.yaml: CompletionChoicesData has no `index` and an optional
// `text`; CompletionChunk has no `model`, and `created` and `object` are optional
describe('completions.create against answers shaped like Together’s spec', () => {
  let together: TestServer;
  afterEach(() => together?.close());
  const client = () => createClient({ baseURL: together.url, retry: false });

  it('a completion whose choices carry no index gets each choice’s position', async () => {
    together = await startTestServer((_req, res) =>
      json(res, 200, {
        id: '8f1b',
        object: 'text.completion',
        created: 1_700_000_000,
        model: 'meta-llama/Llama-3-8b-hf',
        prompt: [],
        choices: [{ text: ' Paris.', finish_reason: 'eos', seed: 42 }, { finish_reason: 'length', seed: 43 }],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      }),
    );
    const res = await createCompletion(client(), { model: 'meta-llama/Llama-3-8b-hf', prompt: 'The capital of France is', n: 2 });
    expect(res.choices.map((c) => [c.index, c.text])).toEqual([
      [0, ' Paris.'],
      [1, ''],
    ]);
  });

  it('stream chunks without model, created or object are read and accumulated', async () => {
    together = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (text: string, id: number, finish: string | null) =>
        `data: ${JSON.stringify({ id: '8f1b', token: { id, text, logprob: -0.1, special: false }, choices: [{ index: 0, text }], usage: null, finish_reason: finish })}\n\n`;
      res.write(chunk(' Par', 1, null));
      res.write(chunk('is', 2, 'eos'));
      res.end('data: [DONE]\n\n');
    });
    const chunks: Completion[] = [];
    const final = await accumulateCompletionStream(await createCompletion(client(), { model: 'm', prompt: 'The capital of France is', stream: true }), (c) => chunks.push(c));
    expect(final.choices[0]?.text).toBe(' Paris');
    expect(chunks[0]).toMatchObject({ object: 'text_completion', created: 0, model: '' });
  });
});
