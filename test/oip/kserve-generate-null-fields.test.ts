/**
 * KServe's `generate` and `generate_stream` (its `GenerateResponse` / `GenerateStreamingResponse`
 * pydantic models: `model_version: Optional[str] = None`, `details: Optional[...] = None`,
 * serialised without `exclude_none`) send the fields they have no value for as `null`, as its infer
 * answers do (kserve-null-optional-fields.test.ts); its streamed `details` carry `logprobs` (one
 * token) where the OIP extension says `token`. Strict validation refused every such answer at
 * `model_version`, so text generation against KServe could not succeed. The types say `null`
 * (types.test-d.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError, type ValidationMode } from '../../src/index.js';
import { generate, generateStream, type GenerateStreamEvent } from '../../src/oip/index.js';
import { json, sse, startTestServer, type TestServer } from '../helpers/test-server.js';

const token = { id: 267, logprob: -2.07, special: false, text: ' a' };
const KSERVE_GENERATE = { text_output: 'AI is a field', model_name: 'llama', model_version: null, details: null };
const KSERVE_EVENTS = [
  { text_output: 'AI', model_name: 'llama', model_version: null, details: null },
  { text_output: ' is', model_name: 'llama', model_version: null, details: { finish_reason: 'length', logprobs: token } },
];

let answer: 'json' | 'sse' = 'json';
let body: unknown = KSERVE_GENERATE;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => (answer === 'json' ? json(res, 200, body) : sse(res, KSERVE_EVENTS)));
});
afterAll(() => server.close());

const client = (validation: ValidationMode) => createClient({ baseURL: server.url, retry: false, validation });
const modes: ValidationMode[] = ['strict', 'passthrough', 'off'];

describe('KServe generate answers with null optional fields', () => {
  it.each(modes)('generate reads the answer (%s)', async (validation) => {
    answer = 'json';
    body = KSERVE_GENERATE;
    const res = await generate(client(validation), 'llama', { text_input: 'Tell me about AI' });
    expect(res.text_output).toBe('AI is a field');
    expect(res.model_version ?? undefined).toBeUndefined();
    expect(res.details ?? undefined).toBeUndefined();
  });

  it.each(modes)('generateStream reads every event (%s)', async (validation) => {
    answer = 'sse';
    const stream = await generateStream(client(validation), 'llama', { text_input: 'Tell me about AI' });
    const events: GenerateStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    expect(events.map((e) => e.text_output).join('')).toBe('AI is');
    expect(events[1]?.details?.finish_reason).toBe('length');
  });

  it('a model_version of the wrong type is still refused (strict)', async () => {
    answer = 'json';
    body = { ...KSERVE_GENERATE, model_version: 7 };
    const err = await generate(client('strict'), 'llama', { text_input: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.path).toEqual(['model_version']);
  });
});
