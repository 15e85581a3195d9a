/**
 * `Completion` types `object`, `created`, `model` and `choices[].text` as always present, and
 * docs/openai.md (Compatible servers, Together row) promises "a missing `text` is `''`, a chunk's
 * missing `model`/`created`/`object` are `''`/`0`/`'text_completion'`". Those fill-ins are zod
 * defaults in CompletionSchema, which only `strict` applies: `passthrough` returns the body as
 * sent (docs/core.md), so a Together answer comes back with those typed fields `undefined`, and
 * accumulateCompletionStream then joins the text as `'a' + undefined`.
 *
 * Together's spec (../shared/specs/together/openapi.yaml): `CompletionChoicesData` items have an
 * optional `text` and no `index`; `CompletionChunk` has no `model` and optional `created`/`object`;
 * its `CompletionChoice` items require only `index` (`text` optional).
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, type ValidationMode } from '../../src/index.js';
import { accumulateCompletionStream, createCompletion, openAIClientOptions, type Completion } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const client = () => createClient(openAIClientOptions({ baseURL: `${server!.url}/v1`, retry: false }));

/** Runtime check of what `Completion` promises as non-optional. */
function expectCompletionShape(c: Completion): void {
  expect(typeof c.id).toBe('string');
  expect(typeof c.object).toBe('string');
  expect(typeof c.created).toBe('number');
  expect(typeof c.model).toBe('string');
  for (const choice of c.choices) {
    expect(typeof choice.index).toBe('number');
    expect(typeof choice.text).toBe('string');
  }
}

describe('Completion fields typed as present are present in passthrough mode too', () => {
  it('the type promises object, created, model and choices[].text', () => {
    expectTypeOf<Completion['object']>().toEqualTypeOf<'text_completion' | (string & {})>();
    expectTypeOf<Completion['created']>().toEqualTypeOf<number>();
    expectTypeOf<Completion['model']>().toEqualTypeOf<string>();
    expectTypeOf<Completion['choices'][number]['text']>().toEqualTypeOf<string>();
  });

  it.each<ValidationMode>(['strict', 'passthrough'])('non-streamed Together choice without text (%s): text is a string', async (validation) => {
    server = await startTestServer((_req, res) =>
      json(res, 200, {
        id: '8f1c',
        object: 'text.completion',
        created: 1717000000,
        model: 'meta-llama/Llama-3-8b-hf',
        prompt: [],
        choices: [{ finish_reason: 'eos' }],
        usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
      }),
    );
    const res = await createCompletion(client(), { model: 'meta-llama/Llama-3-8b-hf', prompt: 'x' }, { validation });
    expectCompletionShape(res);
    expect(res.choices[0]?.text).toBe('');
  });

  it.each<ValidationMode>(['strict', 'passthrough'])('streamed Together chunks (%s): model, created, object and text are filled in', async (validation) => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: '8f1b', token: { id: 1, text: ' Par', logprob: -0.1, special: false }, choices: [{ index: 0, text: ' Par' }], usage: null, finish_reason: null })}\n\n`);
      // the last chunk of a choice: no text (optional in CompletionChoice)
      res.write(`data: ${JSON.stringify({ id: '8f1b', token: { id: 2, text: '', logprob: 0, special: true }, choices: [{ index: 0 }], usage: null, finish_reason: 'eos' })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
    const chunks: Completion[] = [];
    const final = await accumulateCompletionStream(await createCompletion(client(), { model: 'm', prompt: 'x', stream: true }, { validation }), (c) => chunks.push(c));
    expect(chunks).toHaveLength(2);
    for (const c of chunks) expectCompletionShape(c);
    expect(chunks[0]).toMatchObject({ object: 'text_completion', created: 0, model: '' });
    // the joined text must not carry the string "undefined"
    expect(final.choices[0]?.text).toBe(' Par');
    expect(final.choices[0]?.finish_reason).toBe('eos');
  });
});
