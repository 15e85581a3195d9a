/**
 * The generate answer and each generate_stream event are checked against the generate schema
 * (model_name and text_output strings, details' token fields typed): a mismatch is a
 * ResponseValidationError whose issue path names the field and whose operation names the call.
 * A version option reaches the versioned generate path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseValidationError, createClient } from '../../src/index.js';
import { generate, generateStream, type GenerateStreamEvent } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { json, sse, startTestServer, type SseEventInput, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let answer: unknown;
let events: SseEventInput[];
beforeEach(async () => {
  answer = { model_name: 'llm', text_output: 'ok' };
  events = [];
  server = await startTestServer((req, res) => {
    if (req.path.endsWith('/generate_stream')) return sse(res, events);
    return json(res, 200, answer);
  });
});
afterEach(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

const failure = (p: Promise<unknown>): Promise<ResponseValidationError> => rejectionAs(p, ResponseValidationError);

describe('generate: the answer is checked', () => {
  it.each([
    ['text_output not a string', { model_name: 'llm', text_output: 5 }, ['text_output']],
    ['text_output missing', { model_name: 'llm' }, ['text_output']],
    ['model_name missing', { text_output: 'x' }, ['model_name']],
    ['a logprob that is not a number', { model_name: 'llm', text_output: 'x', details: { logprobs: [{ id: 1, text: 'x', logprob: '-0.1', special: false }] } }, ['details', 'logprobs', 0, 'logprob']],
  ])('%s → ResponseValidationError at that field', async (_what, body, path) => {
    answer = body;
    const err = await failure(generate(client(), 'llm', { text_input: 'hi' }));
    expect(err.issues.map((i) => i.path)).toContainEqual(path);
    expect(err.operation).toBe('oip.generate');
    expect(err.body).toEqual(body);
  });

  it('a valid answer with extra fields is returned as sent', async () => {
    answer = { model_name: 'llm', text_output: 'ok', details: { finish_reason: 'stop', extra: 1 }, server_extra: true };
    expect(await generate(client(), 'llm', { text_input: 'hi' })).toEqual(answer);
  });

  it('version goes into the path: POST /v2/models/llm/versions/2/generate', async () => {
    await generate(client(), 'llm', { text_input: 'hi' }, { version: '2' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/models/llm/versions/2/generate']);
  });
});

describe('generate_stream: each event is checked', () => {
  it.each([
    ['text_output null', { model_name: 'llm', text_output: null }, ['text_output']],
    ['a token id that is not a number', { model_name: 'llm', text_output: 'B', details: { token: { id: '2', text: 'B', logprob: 0, special: false } } }, ['details', 'token', 'id']],
  ])('%s in the second event → the first event, then ResponseValidationError at that field', async (_what, bad, path) => {
    const good = { model_name: 'llm', text_output: 'A ' };
    events = [good, bad];
    const stream = await generateStream(client(), 'llm', { text_input: 'hi' });
    const got: GenerateStreamEvent[] = [];
    const err = await failure(
      (async () => {
        for await (const ev of stream) got.push(ev);
      })(),
    );
    expect(got).toEqual([good]);
    expect(err.issues.map((i) => i.path)).toContainEqual(path);
    expect(err.operation).toBe('oip.generateStream');
  });
});
