/**
 * Error answers of the compatible servers, each in the shape its spec gives (the loopback server's
 * `bad-request` scenario, see test/helpers/openai-server.ts `flavorError`):
 * - TGI (../shared/specs/tgi/openapi.json `ErrorResponse`): `{ error: "...", error_type: "..." }`,
 *   also as the payload of an error inside a stream;
 * - TEI (../shared/specs/tei/openapi.json `OpenAICompatErrorResponse`): `{ message, code, error_type }`;
 * - Together (`ErrorData`) and OpenAI: `{ error: { message, type, param, code } }`.
 * The typed error must carry the server's message in its own message and the parsed body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, BadRequestError, NotFoundError, RateLimitError, StreamError, UnprocessableEntityError } from '../../src/index.js';
import { accumulateChatStream, createOpenAIClient, type OpenAIClient } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIFlavor, type OpenAIServer } from '../helpers/openai-server.js';

let api: OpenAIServer;
let openai: OpenAIClient;
beforeAll(async () => {
  api = await startOpenAIServer();
  openai = createOpenAIClient({ baseURL: api.baseURL, retry: false });
});
afterAll(() => api.close());

const messages = [{ role: 'user' as const, content: 'Say hello' }];

/** The tests of this describe block run against the server answering as `flavor` (OpenAI again after). */
function answeringAs(flavor: OpenAIFlavor): void {
  beforeAll(() => {
    api.options.flavor = flavor;
  });
  afterAll(() => {
    api.options.flavor = 'openai';
  });
}
const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => expect.unreachable('resolved'), (e: unknown) => e);

const cases: Array<{ flavor: OpenAIFlavor; status: number; kind: new (...args: never[]) => APIError; text: string; body: unknown }> = [
  {
    flavor: 'tgi',
    status: 422,
    kind: UnprocessableEntityError,
    text: 'Input validation error: `temperature` must be strictly positive',
    body: { error: 'Input validation error: `temperature` must be strictly positive', error_type: 'validation' },
  },
  {
    flavor: 'tei',
    status: 413,
    kind: APIError,
    text: 'batch size 64 > maximum allowed batch size 32',
    body: { message: 'batch size 64 > maximum allowed batch size 32', code: 413, error_type: 'Validation' },
  },
  {
    flavor: 'together',
    status: 400,
    kind: BadRequestError,
    text: "Invalid value for 'temperature': must be a positive number.",
    body: { error: { message: "Invalid value for 'temperature': must be a positive number.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } },
  },
];

for (const c of cases) {
  describe(`${c.flavor}: an error answer`, () => {
    answeringAs(c.flavor);

    it('is the typed APIError of its status, with the server message and the parsed body', async () => {
      const calls: Array<[string, Promise<unknown>]> = [['openai.embeddings.create', openai.embeddings.create({ model: 'bad-request', input: ['a'] })]];
      if (c.flavor !== 'tei') {
        calls.push(
          ['openai.chat.completions.create', openai.chat.completions.create({ model: 'bad-request', messages })],
          ['openai.chat.completions.create', openai.chat.completions.create({ model: 'bad-request', messages, stream: true })],
          ['openai.completions.create', openai.completions.create({ model: 'bad-request', prompt: 'Once' })],
        );
      }
      for (const [operation, call] of calls) {
        const err = (await rejection(call)) as APIError;
        expect(err).toBeInstanceOf(c.kind);
        expect(err.status).toBe(c.status);
        expect(err.operation).toBe(operation);
        expect(err.message).toBe(`${operation} failed with HTTP ${c.status}: ${c.text}`);
        expect(err.body).toEqual(c.body);
      }
    });
  });
}

describe('tgi: an error inside the stream', () => {
  answeringAs('tgi');

  it("is a StreamError carrying TGI's payload and its message", async () => {
    const seen: string[] = [];
    const err = (await rejection(
      accumulateChatStream(await openai.chat.completions.create({ model: 'error-mid-stream', messages, stream: true }), (chunk) => seen.push(chunk.choices[0]?.delta.content ?? '')),
    )) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.event).toEqual({ error: 'Request failed during generation: Server error: CUDA out of memory', error_type: 'generation' });
    expect(err.message).toBe('openai.chat.completions.create: stream error: Request failed during generation: Server error: CUDA out of memory');
    // the chunks before the error were delivered
    expect(seen.join('')).toBe('Hello! How ');
  });
});

describe('tgi: an overloaded server', () => {
  answeringAs('tgi');

  it('answers an unstreamed call with a 429 (RateLimitError) and a streamed one with a 200 whose first event is the error (StreamError on the first read)', async () => {
    const payload = { error: 'Model is overloaded', error_type: 'overloaded' };
    const plain = (await rejection(openai.chat.completions.create({ model: 'overloaded', messages }))) as APIError;
    expect(plain).toBeInstanceOf(RateLimitError);
    expect(plain.message).toBe('openai.chat.completions.create failed with HTTP 429: Model is overloaded');
    expect(plain.body).toEqual(payload);
    const seen: unknown[] = [];
    const stream = await openai.chat.completions.create({ model: 'overloaded', messages, stream: true });
    const streamed = (await rejection(accumulateChatStream(stream, (chunk) => seen.push(chunk)))) as StreamError;
    expect(seen).toEqual([]);
    expect(streamed).toBeInstanceOf(StreamError);
    expect(streamed.event).toEqual(payload);
    expect(streamed.message).toBe('openai.chat.completions.create: stream error: Model is overloaded');
  });
});

describe('tei: the OpenAI surface it does not serve', () => {
  answeringAs('tei');

  it('chat completions answer an empty 404: a NotFoundError naming the operation', async () => {
    const err = (await rejection(openai.chat.completions.create({ model: 'bge-small-en-v1.5', messages }))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('openai.chat.completions.create failed with HTTP 404');
    expect(err.body).toBeUndefined();
    // and its embeddings work like OpenAI's, base64 included
    const e = await openai.embeddings.create({ model: 'bge-small-en-v1.5', input: ['a', 'b'], encoding_format: 'base64' });
    expect(e.data.map((d) => d.embedding)).toEqual([expect.any(Float32Array), expect.any(Float32Array)]);
    expect(e.usage?.total_tokens).toBe(16);
  });
});
