/**
 * createCompletion fills in only what a server (Together) leaves out: `object`, `created`, `model`,
 * a choice's `text` and, non-streamed, a choice's `index` (its position); what the server sent is
 * kept as sent. A body or chunk whose structure is not a completion (null, choices not an array, a
 * null choice) ends as a typed modelwire error, never a TypeError out of the fill-ins.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, isModelwireError, ResponseValidationError } from '../../src/index.js';
import { accumulateCompletionStream, createCompletion } from '../../src/openai/index.js';
import { json, sse, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let answer: (res: Parameters<typeof json>[0]) => void;
beforeAll(async () => {
  server = await startTestServer((_req, res) => answer(res));
});
afterEach(() => server.reset());
afterAll(() => server.close());

const client = () => createClient({ baseURL: `${server.url}/v1`, retry: false });
const choice = (index: number, text: string) => ({ index, text, finish_reason: 'stop', logprobs: null });

describe('non-streamed: what the server sent is kept', () => {
  it('created, model and object as sent; choices keep their own index even when not in position order', async () => {
    answer = (res) => json(res, 200, { id: 'c', object: 'text_completion', created: 1_700_000_123, model: 'Qwen/Qwen2.5', choices: [choice(1, 'b'), choice(0, 'a')] });
    for (const validation of ['strict', 'passthrough'] as const) {
      const res = await createCompletion(client(), { model: 'm', prompt: 'x' }, { validation });
      expect(res.created).toBe(1_700_000_123);
      expect(res.model).toBe('Qwen/Qwen2.5');
      expect(res.object).toBe('text_completion');
      expect(res.choices.map((c) => [c.index, c.text])).toEqual([[1, 'b'], [0, 'a']]);
    }
  });

  it('a missing text is "", a text that is there is kept', async () => {
    answer = (res) => json(res, 200, { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'length' }, choice(1, 'kept')] });
    const res = await createCompletion(client(), { model: 'm', prompt: 'x' }, { validation: 'passthrough' });
    expect(res.choices.map((c) => c.text)).toEqual(['', 'kept']);
  });
});

describe('non-streamed: bodies that are not completions', () => {
  for (const [what, body] of [
    ['null', null],
    ['choices an object', { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: { 0: choice(0, 'a') } }],
    ['a null choice', { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [choice(0, 'a'), null] }],
    ['a string choice', { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [choice(0, 'a'), 'b'] }],
  ] as const) {
    it(`${what}: a ResponseValidationError`, async () => {
      answer = (res) => json(res, 200, body);
      const err = await createCompletion(client(), { model: 'm', prompt: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect((err as ResponseValidationError).operation).toBe('openai.completions.create');
    });
  }
});

describe('streamed: chunks that are not completions', () => {
  const good = { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'Hi', finish_reason: null }] };
  for (const [what, bad] of [
    ['a null chunk', null],
    ['a chunk-level finish_reason with choices as an object', { id: 'c', finish_reason: 'stop', choices: { 0: { index: 0, text: '' } } }],
    ['a chunk-level finish_reason with a null choice', { id: 'c', finish_reason: 'stop', choices: [null] }],
    ['a string choice', { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: ['b'] }],
  ] as const) {
    it(`${what}: a typed error after the good chunk`, async () => {
      answer = (res) => sse(res, [good, bad, '[DONE]']);
      const stream = await createCompletion(client(), { model: 'm', prompt: 'x', stream: true });
      const err = await accumulateCompletionStream(stream).catch((e: unknown) => e);
      expect(isModelwireError(err), String(err)).toBe(true);
      expect((err as { operation?: string }).operation).toBe('openai.completions.create');
    });
  }
});

describe('streamed: a choice without index is not given its position', () => {
  // a chunk carries only the choices that advanced, so its position says nothing about the index
  // (with n: 2 the second choice alone sits at position 0): the chunk is refused, not misattributed
  it('a chunk whose only choice has no index is a ResponseValidationError, its text not added to choice 0', async () => {
    const chunk = (choices: unknown[]) => ({ id: 'c', object: 'text_completion', created: 1, model: 'm', choices });
    answer = (res) => sse(res, [chunk([{ index: 0, text: 'a', finish_reason: null }]), chunk([{ index: 1, text: 'b', finish_reason: null }]), chunk([{ text: 'c', finish_reason: null }]), '[DONE]']);
    const stream = await createCompletion(client(), { model: 'm', prompt: 'x', n: 2, stream: true });
    const err = await accumulateCompletionStream(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.path).toEqual(['choices', 0, 'index']);
  });
});
